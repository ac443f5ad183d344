// What the self-test programs call of the simulated driver (they link
// libcuda.so.1 directly, as JCuda's JNI library does), and CHECK, which prints
// a failed call with its CUresult and makes main return 1.
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

#define CHECK(call)                                                              \
    do {                                                                         \
        CUresult r_ = (call);                                                    \
        if (r_ != CUDA_SUCCESS) {                                                \
            std::printf("%s failed with CUresult %d\n", #call, r_);              \
            return 1;                                                            \
        }                                                                        \
    } while (0)
