// cuMemAlloc/Free/GetInfo and host-pinned allocations: the table of live
// allocations every copy, memset and free is checked against.
#include "memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>

#include "state.h"
#include "stream.h"

using namespace myelin_sim;

namespace {

struct Allocation {
    std::size_t bytes;
    Space space;
    SimContext* owner;
    void* mapping = nullptr;       // guard-page mode: the whole mapping, else null
    std::size_t mappedBytes = 0;
};

std::map<uintptr_t, Allocation>& allocations() {
    static std::map<uintptr_t, Allocation> table;
    return table;
}

std::size_t gLiveDeviceBytes = 0;

// Device pointers are 256-byte aligned like cudaMalloc's, which kernels that
// vectorise loads (float4) rely on.
constexpr std::size_t kAlignment = 256;

// Guard-page mode (MYELIN_SIM_GUARD_PAGES=1): each device allocation ends
// against a PROT_NONE page, so a kernel reading or writing past its end
// faults (SIGSEGV: the test JVM dies with the address in its crash log)
// instead of touching a neighbour. The start is then only 16-byte aligned
// (what float4 needs), and an overrun within the last 15 bytes of
// alignment slack is not caught.
constexpr std::size_t kGuardAlignment = 16;

bool guardPages() {
    static const bool on = [] {
        const char* v = std::getenv("MYELIN_SIM_GUARD_PAGES");
        return v != nullptr && std::strcmp(v, "1") == 0;
    }();
    return on;
}

// Maps ceil(bytes) pages plus one no-access page and returns the address that
// puts the allocation's end (rounded up to 16 bytes) at the guard page.
void* mapGuarded(std::size_t bytes, void** mapping, std::size_t* mappedBytes) {
    std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
    std::size_t span = (bytes + kGuardAlignment - 1) / kGuardAlignment * kGuardAlignment;
    std::size_t dataPages = (span + page - 1) / page;
    std::size_t total = (dataPages + 1) * page;
    void* m = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return nullptr;
    unsigned char* guard = static_cast<unsigned char*>(m) + dataPages * page;
    if (mprotect(guard, page, PROT_NONE) != 0) {
        munmap(m, total);
        return nullptr;
    }
    *mapping = m;
    *mappedBytes = total;
    return guard - span;
}

const std::pair<const uintptr_t, Allocation>* containing(uintptr_t address) {
    auto& table = allocations();
    auto it = table.upper_bound(address);
    if (it == table.begin()) return nullptr;
    --it;
    if (address >= it->first + it->second.bytes) return nullptr;
    return &*it;
}

CUresult allocate(void** out, std::size_t bytes, Space space, SimContext* owner) {
    if (out == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null result pointer");
    if (bytes == 0) return fail(CUDA_ERROR_INVALID_VALUE, "zero-byte allocation");
    if (space == Space::Device && bytes > totalDeviceMemory() - gLiveDeviceBytes)
        return fail(CUDA_ERROR_OUT_OF_MEMORY, "allocation of " + std::to_string(bytes) + " bytes exceeds free device memory");
    void* mapping = nullptr;
    std::size_t mappedBytes = 0;
    void* p;
    if (space == Space::Device && guardPages()) {
        p = mapGuarded(bytes, &mapping, &mappedBytes);
    } else {
        std::size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
        p = std::aligned_alloc(kAlignment, rounded);
    }
    if (p == nullptr) return fail(CUDA_ERROR_OUT_OF_MEMORY, "host allocation failed");
    allocations()[reinterpret_cast<uintptr_t>(p)] = Allocation{bytes, space, owner, mapping, mappedBytes};
    if (space == Space::Device) {
        gLiveDeviceBytes += bytes;
        myelin_sim_count(C_allocations, 1);
        myelin_sim_count(C_allocated_bytes_total, int64_t(bytes));
        myelin_sim_count(C_live_bytes, int64_t(bytes));
    }
    *out = p;
    return CUDA_SUCCESS;
}

void erase(std::map<uintptr_t, Allocation>::iterator it) {
    if (it->second.space == Space::Device) {
        gLiveDeviceBytes -= it->second.bytes;
        myelin_sim_count(C_frees, 1);
        myelin_sim_count(C_live_bytes, -int64_t(it->second.bytes));
    }
    if (it->second.mapping != nullptr)
        munmap(it->second.mapping, it->second.mappedBytes);
    else
        std::free(reinterpret_cast<void*>(it->first));
    allocations().erase(it);
}

CUresult release(uintptr_t address, Space space) {
    auto& table = allocations();
    auto it = table.find(address);
    if (it == table.end() || it->second.space != space) {
        const auto* inside = containing(address);
        return fail(CUDA_ERROR_INVALID_VALUE, inside != nullptr ? "free of a pointer inside an allocation, not its start"
                                                                 : "free of a pointer that is not a live allocation");
    }
    erase(it);
    return CUDA_SUCCESS;
}

}  // namespace

namespace myelin_sim {
CUresult checkDeviceRange(CUdeviceptr ptr, std::size_t bytes, const char* what) {
    bool partly = false;
    Space space = classify(reinterpret_cast<const void*>(ptr), bytes, &partly);
    if (space == Space::Device || space == Space::ModuleGlobal) return CUDA_SUCCESS;
    return fail(CUDA_ERROR_INVALID_VALUE, std::string(what) + (partly ? " runs past the end of its allocation"
                                                                       : " is not device memory"));
}

void registerModuleGlobal(void* address, std::size_t bytes, SimContext* ctx) {
    allocations()[reinterpret_cast<uintptr_t>(address)] = Allocation{bytes, Space::ModuleGlobal, ctx};
}

void forgetModuleGlobal(void* address) {
    auto it = allocations().find(reinterpret_cast<uintptr_t>(address));
    if (it != allocations().end() && it->second.space == Space::ModuleGlobal) allocations().erase(it);
}

std::vector<DeviceRegion> deviceRegionsOf(SimContext* ctx) {
    std::vector<DeviceRegion> regions;
    for (const auto& [address, a] : allocations())
        if (a.owner == ctx && a.space == Space::Device)
            regions.push_back(DeviceRegion{reinterpret_cast<unsigned char*>(address), a.bytes});
    return regions;
}

void releaseAllocationsOf(SimContext* ctx) {
    auto& table = allocations();
    for (auto it = table.begin(); it != table.end();) {
        auto next = std::next(it);
        if (it->second.owner != ctx) {
            it = next;
            continue;
        }
        // Memory the context did not allocate is only forgotten, never freed.
        if (it->second.space == Space::ModuleGlobal || it->second.space == Space::RegisteredHost)
            table.erase(it);
        else
            erase(it);
        it = next;
    }
}

Space classify(const void* address, std::size_t bytes, bool* partlyInside) {
    const auto* a = containing(reinterpret_cast<uintptr_t>(address));
    if (a == nullptr) return Space::Unknown;
    if (reinterpret_cast<uintptr_t>(address) + bytes > a->first + a->second.bytes) {
        if (partlyInside != nullptr) *partlyInside = true;
        return Space::Unknown;
    }
    return a->second.space;
}
}  // namespace myelin_sim

MYELIN_SIM_API CUresult cuMemAlloc_v2(CUdeviceptr* dptr, std::size_t bytes) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    SimContext* ctx = currentContext();
    return allocate(reinterpret_cast<void**>(dptr), bytes, Space::Device, ctx);
}

MYELIN_SIM_API CUresult cuMemFree_v2(CUdeviceptr dptr) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    return release(uintptr_t(dptr), Space::Device);
}

MYELIN_SIM_API CUresult cuMemGetInfo_v2(std::size_t* freeBytes, std::size_t* totalBytes) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (freeBytes == nullptr || totalBytes == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null output");
    *totalBytes = totalDeviceMemory();
    *freeBytes = *totalBytes - gLiveDeviceBytes;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuMemGetAddressRange_v2(CUdeviceptr* base, std::size_t* size, CUdeviceptr dptr) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    const auto* a = containing(uintptr_t(dptr));
    if (a == nullptr || a->second.space != Space::Device) return fail(CUDA_ERROR_NOT_FOUND, "not device memory");
    if (base != nullptr) *base = a->first;
    if (size != nullptr) *size = a->second.bytes;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuMemAllocHost_v2(void** pp, std::size_t bytes) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    return allocate(pp, bytes, Space::PinnedHost, currentContext());
}

MYELIN_SIM_API CUresult cuMemHostAlloc(void** pp, std::size_t bytes, unsigned int) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    return allocate(pp, bytes, Space::PinnedHost, currentContext());
}

MYELIN_SIM_API CUresult cuMemFreeHost(void* p) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    return release(reinterpret_cast<uintptr_t>(p), Space::PinnedHost);
}

// Stream-ordered allocation: with eager execution the order is already right.
MYELIN_SIM_API CUresult cuMemAllocAsync(CUdeviceptr* dptr, std::size_t bytes, CUstream stream) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (CUresult r = checkStream(stream)) return r;
    return allocate(reinterpret_cast<void**>(dptr), bytes, Space::Device, currentContext());
}

MYELIN_SIM_API CUresult cuMemFreeAsync(CUdeviceptr dptr, CUstream stream) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (CUresult r = checkStream(stream)) return r;
    return release(uintptr_t(dptr), Space::Device);
}

// Page-locking user memory (e.g. a direct ByteBuffer) only has to make the
// range known as pinned host memory: host and device share one address space.
MYELIN_SIM_API CUresult cuMemHostRegister_v2(void* p, std::size_t bytes, unsigned int) {
    ApiLock lock(apiLock());
    SimContext* ctx;
    if (CUresult r = requireContext(&ctx)) return r;
    if (p == nullptr || bytes == 0) return fail(CUDA_ERROR_INVALID_VALUE, "null or empty range");
    if (classify(p, 1) != Space::Unknown) return fail(CUDA_ERROR_INVALID_VALUE, "range is already registered or allocated");
    allocations()[reinterpret_cast<uintptr_t>(p)] = Allocation{bytes, Space::RegisteredHost, ctx};
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuMemHostUnregister(void* p) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    auto it = allocations().find(reinterpret_cast<uintptr_t>(p));
    if (it == allocations().end() || it->second.space != Space::RegisteredHost)
        return fail(CUDA_ERROR_INVALID_VALUE, "not a registered host range");
    allocations().erase(it);
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuMemHostGetDevicePointer_v2(CUdeviceptr* dptr, void* p, unsigned int flags) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (dptr == nullptr || flags != 0) return fail(CUDA_ERROR_INVALID_VALUE, "null result or non-zero flags");
    Space space = classify(p, 1);
    if (space != Space::PinnedHost && space != Space::RegisteredHost)
        return fail(CUDA_ERROR_INVALID_VALUE, "not pinned host memory");
    *dptr = reinterpret_cast<CUdeviceptr>(p);
    return CUDA_SUCCESS;
}
