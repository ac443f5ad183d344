// What the self-test programs call of the simulated driver (they link
// libcuda.so.1 directly, as JCuda's JNI library does), CHECK, which prints
// a failed call with its CUresult and makes main return 1, and the steps every
// self-test starts with: a context, a module, one kernel; device copies of host
// arrays.
#pragma once
#include <cstdio>

#include "cuda_types.h"

extern "C" {
CUresult cuInit(unsigned);
CUresult cuCtxCreate_v2(CUcontext*, unsigned, CUdevice);
CUresult cuModuleLoadData(CUmodule*, const void*);
CUresult cuModuleGetFunction(CUfunction*, CUmodule, const char*);
CUresult cuMemAlloc_v2(CUdeviceptr*, std::size_t);
CUresult cuMemcpyHtoD_v2(CUdeviceptr, const void*, std::size_t);
CUresult cuMemcpyDtoH_v2(void*, CUdeviceptr, std::size_t);
CUresult cuLaunchKernel(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, CUstream,
                        void**, void**);
CUresult cuCtxSynchronize();
}

// Prints a failed call with its CUresult and returns `failure` (which may name
// the call's result, r_).
#define CHECK_OR_RETURN(call, failure)                                           \
    do {                                                                         \
        CUresult r_ = (call);                                                    \
        if (r_ != CUDA_SUCCESS) {                                                \
            std::printf("%s failed with CUresult %d\n", #call, r_);              \
            return failure;                                                      \
        }                                                                        \
    } while (0)
// In main: exit status 1 on failure.
#define CHECK(call) CHECK_OR_RETURN(call, 1)
// In a helper returning CUresult: the failed call's result.
#define CHECK_STEP(call) CHECK_OR_RETURN(call, r_)

// cuInit, a new context, `image` (PTX or a simulator image) loaded, and its
// kernel `entry` in `*kernel`.
inline CUresult loadKernel(const char* image, const char* entry, CUfunction* kernel) {
    CUcontext ctx;
    CUmodule module;
    CHECK_STEP(cuInit(0));
    CHECK_STEP(cuCtxCreate_v2(&ctx, 0, 0));
    CHECK_STEP(cuModuleLoadData(&module, image));
    CHECK_STEP(cuModuleGetFunction(kernel, module, entry));
    return CUDA_SUCCESS;
}

// A new device array of `bytes` bytes holding `host`'s bytes (none copied when `host` is null).
inline CUresult upload(CUdeviceptr* device, const void* host, std::size_t bytes) {
    CHECK_STEP(cuMemAlloc_v2(device, bytes));
    if (host != nullptr) CHECK_STEP(cuMemcpyHtoD_v2(*device, host, bytes));
    return CUDA_SUCCESS;
}
