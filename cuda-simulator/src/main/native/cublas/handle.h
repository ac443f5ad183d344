// A cuBLAS handle of the simulator and the checks shared by its entry points.
#pragma once
#include <mutex>

#include "cublas_types.h"

struct SimCublas {
    cudaStream_t stream = nullptr;
    int mathMode = CUBLAS_DEFAULT_MATH;
    int pointerMode = 0;  // host; device pointers are host memory here, so both read the same way
    int atomicsMode = 0;
};

namespace myelin_sim {
// Reported by cublasGetVersion: cuBLAS 12.6.
constexpr int kCublasVersion = 120600;
std::mutex& cublasLock();
bool isLiveHandle(SimCublas* h);
}  // namespace myelin_sim
