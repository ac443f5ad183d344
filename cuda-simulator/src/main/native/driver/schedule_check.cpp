#include "schedule_check.h"

#include <cstdio>
#include <cstring>
#include <vector>

#include "memory.h"

namespace myelin_sim {

namespace {

std::vector<unsigned char> snapshot(const std::vector<DeviceRegion>& regions) {
    std::size_t total = 0;
    for (const DeviceRegion& r : regions) total += r.bytes;
    std::vector<unsigned char> copy(total);
    std::size_t at = 0;
    for (const DeviceRegion& r : regions) {
        std::memcpy(copy.data() + at, r.address, r.bytes);
        at += r.bytes;
    }
    return copy;
}

void restore(const std::vector<DeviceRegion>& regions, const std::vector<unsigned char>& copy) {
    std::size_t at = 0;
    for (const DeviceRegion& r : regions) {
        std::memcpy(r.address, copy.data() + at, r.bytes);
        at += r.bytes;
    }
}

// Empty when memory equals `expected`, else where the first byte differs.
std::string firstDifference(const std::vector<DeviceRegion>& regions, const std::vector<unsigned char>& expected) {
    std::size_t at = 0;
    for (const DeviceRegion& r : regions) {
        if (std::memcmp(r.address, expected.data() + at, r.bytes) != 0) {
            std::size_t i = 0;
            while (r.address[i] == expected[at + i]) i++;
            char text[200];
            std::snprintf(text, sizeof text, "byte %zu of the %zu-byte allocation at %p is 0x%02x, forward order gave 0x%02x", i,
                          r.bytes, static_cast<void*>(r.address), r.address[i], expected[at + i]);
            return text;
        }
        at += r.bytes;
    }
    return "";
}

}  // namespace

CUresult runScheduled(SimContext* ctx, const ScheduleSetting& setting, uint64_t launch,
                      const std::function<CUresult(const Schedule&, std::string&)>& run, std::string& why) {
    // The launch number varies the permutation from launch to launch, reproducibly.
    Schedule random{Order::Random, setting.seed * 0x9e3779b97f4a7c15ull + launch};
    if (!setting.check) {
        Schedule s{setting.order, setting.order == Order::Random ? random.seed : 0};
        return run(s, why);
    }
    std::vector<DeviceRegion> regions = deviceRegionsOf(ctx);
    std::vector<unsigned char> before = snapshot(regions);
    if (CUresult r = run(Schedule{Order::Forward, 0}, why)) return r;
    std::vector<unsigned char> forward = snapshot(regions);
    restore(regions, before);
    if (CUresult r = run(random, why)) return r;
    std::string difference = firstDifference(regions, forward);
    if (difference.empty()) return CUDA_SUCCESS;
    why = "schedule check: the " + describe(random) + " order (seed " + std::to_string(setting.seed) + ", launch " +
          std::to_string(launch) + ") and the forward order differ: " + difference;
    return CUDA_ERROR_LAUNCH_FAILED;
}

}  // namespace myelin_sim
