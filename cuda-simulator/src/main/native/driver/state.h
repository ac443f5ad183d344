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

// CUDA_SUCCESS once cuInit has run, else CUDA_ERROR_NOT_INITIALIZED (recorded).
CUresult requireInitialised();

// A synchronisation whose handle check gave `check`: work ran when it was
// issued, so only the count is left to do (when the check passed).
inline CUresult synchronised(CUresult check) {
    if (check == CUDA_SUCCESS) myelin_sim_count(C_synchronizations, 1);
    return check;
}

// Holds apiLock() for one API call.
using ApiLock = std::lock_guard<std::recursive_mutex>;

// The shape of a driver query with one output: under the API lock, `check()`
// (CUDA_SUCCESS or the error to return, e.g. checkDevice), then
// CUDA_ERROR_INVALID_VALUE with `nullMessage` for a null `out`, else
// `*out = value()` and CUDA_SUCCESS.
template <class T, class Check, class Value>
CUresult answer(T* out, const char* nullMessage, Check&& check, Value&& value) {
    ApiLock lock(apiLock());
    if (CUresult r = check()) return r;
    if (out == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, nullMessage);
    *out = value();
    return CUDA_SUCCESS;
}

// The shape of a call on the current context: under the API lock,
// requireContext() and then `body()` (a CUresult).
template <class Body>
CUresult inContext(Body&& body) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    return body();
}

}  // namespace myelin_sim
