// Cache and shared-memory preferences: hints a real driver may ignore, so
// accepting them and changing nothing is faithful.
#include "module.h"
#include "state.h"

using namespace myelin_sim;

namespace {
int gCacheConfig = 0;
}  // namespace

MYELIN_SIM_API CUresult cuCtxSetCacheConfig(int config) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (config < 0 || config > 3) return fail(CUDA_ERROR_INVALID_VALUE, "unknown cache configuration");
    gCacheConfig = config;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuCtxGetCacheConfig(int* config) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (config == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null configuration");
    *config = gCacheConfig;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuFuncSetCacheConfig(CUfunction f, int config) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (!isLiveFunction(f)) return fail(CUDA_ERROR_INVALID_HANDLE, "not a live function");
    if (config < 0 || config > 3) return fail(CUDA_ERROR_INVALID_VALUE, "unknown cache configuration");
    return CUDA_SUCCESS;
}
