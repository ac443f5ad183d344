// Driver-wide state of the simulator: initialisation, the simulated device,
// contexts (current per OS thread, as in the real driver) and the rule that a
// context which saw a launch failure answers every later call with that error.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>

#include "counters.h"
#include "cuda_types.h"

struct SimContext {
    CUdevice device = 0;
    unsigned int flags = 0;
    bool primary = false;
    bool destroyed = false;
    // A failed launch poisons the context like on a GPU: the error is sticky.
    CUresult sticky = CUDA_SUCCESS;
    // Launches so far: varies the random schedule from launch to launch,
    // reproducibly for a given context (see schedule.h).
    uint64_t launches = 0;
};

namespace myelin_sim {

// The device every context runs on: a Turing-class part (compute capability
// 7.5, see computeCapability()), because the kernels are built for compute_75.
struct DeviceLimits {
    static constexpr int maxThreadsPerBlock = 1024;
    static constexpr int maxBlockDim[3] = {1024, 1024, 64};
    static constexpr unsigned maxGridDim[3] = {2147483647u, 65535u, 65535u};
    static constexpr int sharedPerBlock = 48 * 1024;
    static constexpr int sharedPerBlockOptin = 64 * 1024;
    static constexpr int multiprocessors = 40;
};

// Every API entry point takes this lock: the simulator is not meant to be
// fast under contention, only correct, and a launch must own the process-wide
// static __shared__ arrays while it runs.
std::recursive_mutex& apiLock();

bool initialised();
void markInitialised();
int driverVersion();                 // e.g. 12060
int maxPtxIsaForDriver(int driver);  // e.g. 85 for 12060
int computeCapability();             // 75 for 7.5, unless overridden (MYELIN_SIM_COMPUTE_CAPABILITY)
std::size_t totalDeviceMemory();

// The context current on this thread, or null.
SimContext* currentContext();
void pushContext(SimContext* ctx);
SimContext* popContext();
void setCurrentContext(SimContext* ctx);
SimContext* primaryContext(CUdevice dev);
bool isLiveContext(SimContext* ctx);
void registerContext(SimContext* ctx);
void forgetContext(SimContext* ctx);

// Records an error (counter, last-error text, stderr) and returns it.
CUresult fail(CUresult code, const std::string& why);

// CUDA_SUCCESS for the one device (ordinal 0) once cuInit has run.
CUresult checkDevice(CUdevice dev);

// The usual prologue of a call that needs a current context: initialised,
// a context, and not poisoned by an earlier launch failure.
CUresult requireContext(SimContext** out = nullptr);

}  // namespace myelin_sim
