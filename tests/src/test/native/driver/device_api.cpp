// cuInit, the driver version, the one simulated device and contexts.
#include <cstdio>
#include <cstring>

#include "memory.h"
#include "state.h"

using namespace myelin_sim;

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

CUresult checkDevice(CUdevice dev) {
    if (!initialised()) return fail(CUDA_ERROR_NOT_INITIALIZED, "cuInit has not been called");
    if (dev != 0) return fail(CUDA_ERROR_INVALID_DEVICE, "device ordinal " + std::to_string(dev));
    return CUDA_SUCCESS;
}

// Values a Turing (sm_75) board reports; what is not listed reads as 0.
int attributeValue(int attribute) {
    switch (attribute) {
        case 1: return DeviceLimits::maxThreadsPerBlock;
        case 2: case 3: case 4: return DeviceLimits::maxBlockDim[attribute - 2];
        case 5: case 6: case 7: return int(DeviceLimits::maxGridDim[attribute - 5]);
        case 8: return DeviceLimits::sharedPerBlock;
        case 9: return 64 * 1024;          // constant memory
        case 10: return 32;                // warp size
        case 11: return 2147483647;        // max pitch
        case 12: return 65536;             // registers per block
        case 13: return 1590000;           // clock rate, kHz
        case 14: return 512;               // texture alignment
        case 15: return 1;                 // copy/compute overlap
        case 16: return DeviceLimits::multiprocessors;
        case 19: return 1;                 // can map host memory
        case 31: return 1;                 // concurrent kernels
        case 36: return 5001000;           // memory clock, kHz
        case 37: return 256;               // bus width
        case 38: return 4 * 1024 * 1024;   // L2
        case 39: return 1024;              // threads per multiprocessor
        case 40: return 3;                 // async engines
        case 41: return 1;                 // unified addressing
        case 75: return DeviceLimits::computeMajor;
        case 76: return DeviceLimits::computeMinor;
        case 81: return 64 * 1024;         // shared per multiprocessor
        case 82: return 65536;             // registers per multiprocessor
        case 83: return 1;                 // managed memory
        case 97: return DeviceLimits::sharedPerBlockOptin;
        default: return 0;
    }
}

}  // namespace

MYELIN_SIM_API CUresult cuInit(unsigned int flags) {
    Lock lock(apiLock());
    if (flags != 0) return fail(CUDA_ERROR_INVALID_VALUE, "cuInit flags must be 0");
    markInitialised();
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDriverGetVersion(int* version) {
    if (version == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null version");
    *version = driverVersion();
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDeviceGetCount(int* count) {
    Lock lock(apiLock());
    if (count == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null count");
    if (!initialised()) return fail(CUDA_ERROR_NOT_INITIALIZED, "cuInit has not been called");
    *count = 1;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDeviceGet(CUdevice* device, int ordinal) {
    Lock lock(apiLock());
    if (device == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null device");
    if (CUresult r = checkDevice(ordinal)) return r;
    *device = ordinal;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDeviceGetName(char* name, int len, CUdevice dev) {
    Lock lock(apiLock());
    if (CUresult r = checkDevice(dev)) return r;
    if (name == nullptr || len <= 0) return fail(CUDA_ERROR_INVALID_VALUE, "bad name buffer");
    std::snprintf(name, std::size_t(len), "%s", "Myelin Simulated Device (sm_75)");
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice dev) {
    Lock lock(apiLock());
    if (value == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null value");
    if (CUresult r = checkDevice(dev)) return r;
    if (attribute <= 0 || attribute > 150) return fail(CUDA_ERROR_INVALID_VALUE, "unknown attribute");
    *value = attributeValue(attribute);
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDeviceComputeCapability(int* major, int* minor, CUdevice dev) {
    Lock lock(apiLock());
    if (major == nullptr || minor == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null output");
    if (CUresult r = checkDevice(dev)) return r;
    *major = DeviceLimits::computeMajor;
    *minor = DeviceLimits::computeMinor;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDeviceTotalMem_v2(std::size_t* bytes, CUdevice dev) {
    Lock lock(apiLock());
    if (bytes == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null bytes");
    if (CUresult r = checkDevice(dev)) return r;
    *bytes = totalDeviceMemory();
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxCreate_v2(CUcontext* pctx, unsigned int flags, CUdevice dev) {
    Lock lock(apiLock());
    if (pctx == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null context");
    if (CUresult r = checkDevice(dev)) return r;
    auto* ctx = new SimContext();
    ctx->device = dev;
    ctx->flags = flags;
    registerContext(ctx);
    pushContext(ctx);
    *pctx = ctx;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxDestroy_v2(CUcontext ctx) {
    Lock lock(apiLock());
    if (!initialised()) return fail(CUDA_ERROR_NOT_INITIALIZED, "cuInit has not been called");
    if (ctx == nullptr || ctx->primary || !isLiveContext(ctx)) return fail(CUDA_ERROR_INVALID_CONTEXT, "not a live context");
    forgetContext(ctx);
    releaseAllocationsOf(ctx);
    // Kept allocated so a stale handle is recognised as destroyed, not reused.
    ctx->destroyed = true;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxSetCurrent(CUcontext ctx) {
    Lock lock(apiLock());
    if (!initialised()) return fail(CUDA_ERROR_NOT_INITIALIZED, "cuInit has not been called");
    if (ctx != nullptr && !ctx->primary && !isLiveContext(ctx)) return fail(CUDA_ERROR_INVALID_CONTEXT, "not a live context");
    setCurrentContext(ctx);
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxGetCurrent(CUcontext* pctx) {
    Lock lock(apiLock());
    if (pctx == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null context");
    if (!initialised()) return fail(CUDA_ERROR_NOT_INITIALIZED, "cuInit has not been called");
    *pctx = currentContext();
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxPushCurrent_v2(CUcontext ctx) {
    Lock lock(apiLock());
    if (!initialised()) return fail(CUDA_ERROR_NOT_INITIALIZED, "cuInit has not been called");
    if (ctx == nullptr || (!ctx->primary && !isLiveContext(ctx))) return fail(CUDA_ERROR_INVALID_CONTEXT, "not a live context");
    pushContext(ctx);
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxPopCurrent_v2(CUcontext* pctx) {
    Lock lock(apiLock());
    if (!initialised()) return fail(CUDA_ERROR_NOT_INITIALIZED, "cuInit has not been called");
    SimContext* top = popContext();
    if (top == nullptr) return fail(CUDA_ERROR_INVALID_CONTEXT, "no context is current on this thread");
    if (pctx != nullptr) *pctx = top;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxGetDevice(CUdevice* dev) {
    Lock lock(apiLock());
    SimContext* ctx;
    if (CUresult r = requireContext(&ctx)) return r;
    if (dev == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null device");
    *dev = ctx->device;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxGetApiVersion(CUcontext ctx, unsigned int* version) {
    Lock lock(apiLock());
    if (version == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null version");
    if (ctx == nullptr && currentContext() == nullptr) return fail(CUDA_ERROR_INVALID_CONTEXT, "no context");
    *version = 3020;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxSynchronize(void) {
    Lock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    // Work ran when it was issued; only the count is left to do.
    myelin_sim_count(C_synchronizations, 1);
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxRetain(CUcontext* pctx, CUdevice dev) {
    Lock lock(apiLock());
    if (pctx == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null context");
    if (CUresult r = checkDevice(dev)) return r;
    *pctx = primaryContext(dev);
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev) {
    Lock lock(apiLock());
    return checkDevice(dev);
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxReset_v2(CUdevice dev) {
    Lock lock(apiLock());
    if (CUresult r = checkDevice(dev)) return r;
    primaryContext(dev)->sticky = CUDA_SUCCESS;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxGetState(CUdevice dev, unsigned int* flags, int* active) {
    Lock lock(apiLock());
    if (CUresult r = checkDevice(dev)) return r;
    if (flags == nullptr || active == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null output");
    *flags = primaryContext(dev)->flags;
    *active = 1;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxSetFlags_v2(CUdevice dev, unsigned int flags) {
    Lock lock(apiLock());
    if (CUresult r = checkDevice(dev)) return r;
    primaryContext(dev)->flags = flags;
    return CUDA_SUCCESS;
}
