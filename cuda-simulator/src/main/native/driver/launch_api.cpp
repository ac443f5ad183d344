// cuLaunchKernel: the checks the driver makes before a launch, then the grid
// runs to completion before the call returns (execution is eager).
#include <cstring>
#include <vector>

#include "block_runner.h"
#include "module.h"
#include "schedule_check.h"
#include "state.h"
#include "stream.h"

using namespace myelin_sim;

namespace {

unsigned dynamicSharedLimit(const SimFunction& f) {
    if (f.maxDynamicShared >= 0) return unsigned(f.maxDynamicShared);
    unsigned fixed = f.entry.staticSharedBytes;
    return fixed >= unsigned(DeviceLimits::sharedPerBlock) ? 0 : unsigned(DeviceLimits::sharedPerBlock) - fixed;
}

CUresult checkShape(const GridShape& s) {
    const dim3& b = s.block;
    const dim3& g = s.grid;
    if (b.x == 0 || b.y == 0 || b.z == 0 || g.x == 0 || g.y == 0 || g.z == 0)
        return fail(CUDA_ERROR_INVALID_VALUE, "a grid or block dimension is 0");
    if (b.x > unsigned(DeviceLimits::maxBlockDim[0]) || b.y > unsigned(DeviceLimits::maxBlockDim[1]) ||
        b.z > unsigned(DeviceLimits::maxBlockDim[2]))
        return fail(CUDA_ERROR_INVALID_VALUE, "a block dimension exceeds its maximum");
    if (uint64_t(b.x) * b.y * b.z > uint64_t(DeviceLimits::maxThreadsPerBlock))
        return fail(CUDA_ERROR_INVALID_VALUE, "more than 1024 threads per block");
    if (g.x > DeviceLimits::maxGridDim[0] || g.y > DeviceLimits::maxGridDim[1] || g.z > DeviceLimits::maxGridDim[2])
        return fail(CUDA_ERROR_INVALID_VALUE, "a grid dimension exceeds its maximum");
    return CUDA_SUCCESS;
}

}  // namespace

MYELIN_SIM_API CUresult cuLaunchKernel(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                                       unsigned bz, unsigned sharedBytes, CUstream stream, void** kernelParams,
                                       void** extra) {
    ApiLock lock(apiLock());
    SimContext* ctx;
    if (CUresult r = requireContext(&ctx)) return r;
    if (!isLiveFunction(f)) return fail(CUDA_ERROR_INVALID_HANDLE, "not a live function");
    if (CUresult r = checkStream(stream)) return r;
    GridShape shape{dim3(gx, gy, gz), dim3(bx, by, bz), sharedBytes};
    if (CUresult r = checkShape(shape)) return r;
    if (sharedBytes > dynamicSharedLimit(*f) || sharedBytes > MYELIN_SIM_DYNAMIC_SHARED_BYTES)
        return fail(CUDA_ERROR_INVALID_VALUE, "dynamic shared memory " + std::to_string(sharedBytes) + " + static " +
                                                  std::to_string(f->entry.staticSharedBytes) + " bytes exceeds the block limit");
    if (extra != nullptr) {
        myelin_sim_note_unsupported("cuLaunchKernel(extra)");
        return CUDA_ERROR_NOT_SUPPORTED;
    }
    std::size_t n = f->entry.paramSizes.size();
    if (n > 0 && kernelParams == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "kernel has parameters but kernelParams is null");
    // The kernel reads copies, taken now, like the argument buffer of a real launch.
    std::vector<uint64_t> storage;
    std::vector<void*> params(n);
    std::size_t words = 0;
    for (unsigned size : f->entry.paramSizes) words += (size + 7) / 8;
    storage.resize(words + 1);
    std::size_t at = 0;
    for (std::size_t i = 0; i < n; i++) {
        params[i] = &storage[at];
        std::memcpy(params[i], kernelParams[i], f->entry.paramSizes[i]);
        at += (f->entry.paramSizes[i] + 7) / 8;
    }
    std::string why;
    CUresult r;
    if (myelin_sim_take_launch_fault()) {  // a test asked for this launch to fail as a faulting kernel would
        r = CUDA_ERROR_LAUNCH_FAILED;
        why = "injected fault";
    } else {
        r = runScheduled(ctx, currentScheduleSetting(), ctx->launches++,
                         [&](const Schedule& schedule, std::string& reason) {
                             return runGrid(*f->kernel, params.data(), shape, schedule, reason);
                         },
                         why);
    }
    myelin_sim_count(C_launches, 1);
    if (r != CUDA_SUCCESS) {
        ctx->sticky = r;
        return fail(r, "kernel " + f->entry.name + ": " + why);
    }
    return CUDA_SUCCESS;
}
