#include "counters.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace {

constexpr int kHeaderBytes = 1024;
constexpr int kUnsupportedAt = 64, kUnsupportedBytes = 128;
constexpr int kErrorAt = 192, kErrorBytes = 832;
constexpr int kNameBytes = 56;
constexpr int kEntryBytes = kNameBytes + 8;
constexpr int kFileBytes = kHeaderBytes + myelin_sim::COUNTER_COUNT * kEntryBytes;

const char* const kNames[] = {
#define MYELIN_SIM_NAME(name) #name,
    MYELIN_SIM_COUNTER_LIST(MYELIN_SIM_NAME)
#undef MYELIN_SIM_NAME
};

// "%p" in the path becomes the process id, so JVMs forked in parallel from
// one configuration each get their own file.
std::string counterPath() {
    const char* env = std::getenv("MYELIN_SIM_COUNTERS");
    std::string path = env != nullptr ? env : "";
    std::size_t at = path.find("%p");
    if (at != std::string::npos) path.replace(at, 2, std::to_string(getpid()));
    return path;
}

unsigned char* mapCounters() {
    std::string pathText = counterPath();
    const char* path = pathText.empty() ? nullptr : pathText.c_str();
    void* p = MAP_FAILED;
    if (path != nullptr && *path != '\0') {
        int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0 && ftruncate(fd, kFileBytes) == 0)
            p = mmap(nullptr, kFileBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (fd >= 0) close(fd);
        if (p == MAP_FAILED) std::fprintf(stderr, "myelin-sim: cannot map counters file %s\n", path);
    }
    if (p == MAP_FAILED)
        p = mmap(nullptr, kFileBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    auto* base = static_cast<unsigned char*>(p);
    std::memcpy(base, "MYSIMCT1", 8);
    uint32_t version = 1, count = myelin_sim::COUNTER_COUNT;
    std::memcpy(base + 8, &version, 4);
    std::memcpy(base + 12, &count, 4);
    for (int i = 0; i < myelin_sim::COUNTER_COUNT; i++)
        std::strncpy(reinterpret_cast<char*>(base + kHeaderBytes + i * kEntryBytes), kNames[i], kNameBytes - 1);
    return base;
}

unsigned char* counters() {
    static unsigned char* base = mapCounters();
    return base;
}

int64_t* slot(int counter) {
    return reinterpret_cast<int64_t*>(counters() + kHeaderBytes + counter * kEntryBytes + kNameBytes);
}

void writeText(int offset, int capacity, const char* text) {
    static std::mutex lock;
    std::lock_guard<std::mutex> guard(lock);
    char* dst = reinterpret_cast<char*>(counters() + offset);
    std::memset(dst, 0, std::size_t(capacity));
    std::strncpy(dst, text, std::size_t(capacity - 1));
}

}  // namespace

extern "C" void myelin_sim_count(int counter, int64_t delta) {
    __atomic_fetch_add(slot(counter), delta, __ATOMIC_RELAXED);
    if (counter == myelin_sim::C_live_bytes) {
        int64_t live = __atomic_load_n(slot(counter), __ATOMIC_RELAXED);
        int64_t peak = __atomic_load_n(slot(myelin_sim::C_peak_bytes), __ATOMIC_RELAXED);
        while (live > peak &&
               !__atomic_compare_exchange_n(slot(myelin_sim::C_peak_bytes), &peak, live, false, __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED)) {
        }
    }
}

extern "C" void myelin_sim_note_unsupported(const char* function) {
    myelin_sim_count(myelin_sim::C_unsupported_calls, 1);
    writeText(kUnsupportedAt, kUnsupportedBytes, function);
    std::fprintf(stderr, "myelin-sim: unsupported call %s\n", function);
}

extern "C" void myelin_sim_note_error(const char* message) {
    myelin_sim_count(myelin_sim::C_errors, 1);
    writeText(kErrorAt, kErrorBytes, message);
}

extern "C" int64_t myelin_sim_counter_value(int counter) { return __atomic_load_n(slot(counter), __ATOMIC_RELAXED); }

extern "C" int64_t myelin_sim_driver_version_override(void) {
    return __atomic_load_n(reinterpret_cast<int64_t*>(counters() + 16), __ATOMIC_RELAXED);
}

extern "C" int64_t myelin_sim_schedule_override(int64_t* seed) {
    *seed = __atomic_load_n(reinterpret_cast<int64_t*>(counters() + 40), __ATOMIC_RELAXED);
    return __atomic_load_n(reinterpret_cast<int64_t*>(counters() + 32), __ATOMIC_RELAXED);
}

extern "C" int64_t myelin_sim_compute_capability_override(void) {
    return __atomic_load_n(reinterpret_cast<int64_t*>(counters() + 48), __ATOMIC_RELAXED);
}

extern "C" bool myelin_sim_take_launch_fault(void) {
    int64_t* control = reinterpret_cast<int64_t*>(counters() + 24);
    int64_t left = __atomic_load_n(control, __ATOMIC_RELAXED);
    if (left <= 0) return false;
    __atomic_store_n(control, left - 1, __ATOMIC_RELAXED);
    return left == 1;
}

// Map at load time so the file exists as soon as JCuda has loaded the driver,
// before the first counted call.
__attribute__((constructor)) static void mapCountersAtLoad() { counters(); }
