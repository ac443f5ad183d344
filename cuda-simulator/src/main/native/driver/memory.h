// Device memory: host memory handed out as CUdeviceptr, with a table of live
// allocations so copies and frees are checked the way the driver checks them.
#pragma once
#include <cstddef>
#include <vector>

#include "cuda_types.h"

namespace myelin_sim {

// RegisteredHost: user memory page-locked with cuMemHostRegister.
// ModuleGlobal: a __device__/__constant__ variable of a loaded module, which
// copies may target but cuMemFree must refuse.
enum class Space { Device, PinnedHost, RegisteredHost, ModuleGlobal, Unknown };

// The kind of memory `address .. address+bytes` lies in; Unknown if it is not
// wholly inside one live allocation of ours (pageable host memory, or a range
// that runs past the end of an allocation).
Space classify(const void* address, std::size_t bytes, bool* partlyInside = nullptr);

// CUDA_SUCCESS if the whole range lies in one device allocation, else the
// driver's CUDA_ERROR_INVALID_VALUE (recorded, naming `what`).
CUresult checkDeviceRange(CUdeviceptr ptr, std::size_t bytes, const char* what);

}  // namespace myelin_sim

struct SimContext;
namespace myelin_sim {
// The device allocations of a context, lowest address first (what a schedule
// check snapshots).
struct DeviceRegion {
    unsigned char* address;
    std::size_t bytes;
};
std::vector<DeviceRegion> deviceRegionsOf(SimContext* ctx);
// Frees what a context allocated, as destroying a context does.
void releaseAllocationsOf(SimContext* ctx);
// Makes a module's variable a valid copy target until forgetModuleGlobal.
void registerModuleGlobal(void* address, std::size_t bytes, SimContext* ctx);
void forgetModuleGlobal(void* address);
}
