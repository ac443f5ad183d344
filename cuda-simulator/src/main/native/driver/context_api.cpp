// Contexts: created, destroyed, pushed, popped and set current per OS thread
// as in the real driver, plus the device's primary context.
#include "memory.h"
#include "state.h"

using namespace myelin_sim;

MYELIN_SIM_API CUresult cuCtxCreate_v2(CUcontext* pctx, unsigned int flags, CUdevice dev) {
    ApiLock lock(apiLock());
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
    ApiLock lock(apiLock());
    if (CUresult r = requireInitialised()) return r;
    if (ctx == nullptr || ctx->primary || !isLiveContext(ctx)) return fail(CUDA_ERROR_INVALID_CONTEXT, "not a live context");
    forgetContext(ctx);
    releaseAllocationsOf(ctx);
    // Kept allocated so a stale handle is recognised as destroyed, not reused.
    ctx->destroyed = true;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxSetCurrent(CUcontext ctx) {
    ApiLock lock(apiLock());
    if (CUresult r = requireInitialised()) return r;
    if (ctx != nullptr && !ctx->primary && !isLiveContext(ctx)) return fail(CUDA_ERROR_INVALID_CONTEXT, "not a live context");
    setCurrentContext(ctx);
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxGetCurrent(CUcontext* pctx) {
    return answer(pctx, "null context", requireInitialised, currentContext);
}

MYELIN_SIM_API CUresult cuCtxPushCurrent_v2(CUcontext ctx) {
    ApiLock lock(apiLock());
    if (CUresult r = requireInitialised()) return r;
    if (ctx == nullptr || (!ctx->primary && !isLiveContext(ctx))) return fail(CUDA_ERROR_INVALID_CONTEXT, "not a live context");
    pushContext(ctx);
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxPopCurrent_v2(CUcontext* pctx) {
    ApiLock lock(apiLock());
    if (CUresult r = requireInitialised()) return r;
    SimContext* top = popContext();
    if (top == nullptr) return fail(CUDA_ERROR_INVALID_CONTEXT, "no context is current on this thread");
    if (pctx != nullptr) *pctx = top;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxGetDevice(CUdevice* dev) {
    SimContext* ctx = nullptr;
    return answer(dev, "null device", [&] { return requireContext(&ctx); }, [&] { return ctx->device; });
}

MYELIN_SIM_API CUresult cuCtxGetApiVersion(CUcontext ctx, unsigned int* version) {
    ApiLock lock(apiLock());
    if (version == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null version");
    if (ctx == nullptr && currentContext() == nullptr) return fail(CUDA_ERROR_INVALID_CONTEXT, "no context");
    *version = 3020;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxSynchronize(void) {
    return inContext([] { return synchronised(CUDA_SUCCESS); });
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxRetain(CUcontext* pctx, CUdevice dev) {
    return answer(pctx, "null context", [=] { return checkDevice(dev); }, [=] { return primaryContext(dev); });
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev) {
    ApiLock lock(apiLock());
    return checkDevice(dev);
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxReset_v2(CUdevice dev) {
    ApiLock lock(apiLock());
    if (CUresult r = checkDevice(dev)) return r;
    primaryContext(dev)->sticky = CUDA_SUCCESS;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxGetState(CUdevice dev, unsigned int* flags, int* active) {
    ApiLock lock(apiLock());
    if (CUresult r = checkDevice(dev)) return r;
    if (flags == nullptr || active == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null output");
    *flags = primaryContext(dev)->flags;
    *active = 1;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDevicePrimaryCtxSetFlags_v2(CUdevice dev, unsigned int flags) {
    ApiLock lock(apiLock());
    if (CUresult r = checkDevice(dev)) return r;
    primaryContext(dev)->flags = flags;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxGetFlags(unsigned int* flags) {
    SimContext* ctx = nullptr;
    return answer(flags, "null flags", [&] { return requireContext(&ctx); }, [&] { return ctx->flags; });
}

// Streams have no priorities here; the range a real device reports is [0, -5].
MYELIN_SIM_API CUresult cuCtxGetStreamPriorityRange(int* least, int* greatest) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (least != nullptr) *least = 0;
    if (greatest != nullptr) *greatest = -5;
    return CUDA_SUCCESS;
}
