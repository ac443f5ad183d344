// cublasSgemm_v2 / cublasDgemm_v2 (and their strided-batched forms).
#include <mutex>

#include "../driver/counters.h"
#include "gemm.h"
#include "handle.h"

using namespace myelin_sim;

namespace {

template <typename T>
cublasStatus_t gemmEntry(cublasHandle_t handle, int transa, int transb, int m, int n, int k, const T* alpha, const T* A,
                         int lda, long long strideA, const T* B, int ldb, long long strideB, const T* beta, T* C,
                         int ldc, long long strideC, int batch) {
    std::lock_guard<std::mutex> lock(cublasLock());
    myelin_sim_count(C_cublas_calls, 1);
    if (!isLiveHandle(handle)) {
        myelin_sim_note_error("cuBLAS GEMM on a handle that is not live");
        return CUBLAS_STATUS_NOT_INITIALIZED;
    }
    cublasStatus_t s = checkGemmArguments(transa, transb, m, n, k, lda, ldb, ldc);
    if (s == CUBLAS_STATUS_SUCCESS && (alpha == nullptr || beta == nullptr || batch < 0)) s = CUBLAS_STATUS_INVALID_VALUE;
    if (s != CUBLAS_STATUS_SUCCESS) {
        myelin_sim_note_error("cuBLAS GEMM: invalid argument");
        return s;
    }
    bool tf32 = sizeof(T) == 4 && (handle->mathMode & 0xf) == CUBLAS_TF32_TENSOR_OP_MATH;
    for (int b = 0; b < batch; b++)
        gemm<T>(transa, transb, m, n, k, *alpha, A + b * strideA, lda, B + b * strideB, ldb, *beta, C + b * strideC, ldc,
                tf32);
    myelin_sim_count(C_cublas_flops, 2LL * m * n * k * batch);
    return CUBLAS_STATUS_SUCCESS;
}

}  // namespace

MYELIN_SIM_API cublasStatus_t cublasSgemm_v2(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n,
                                             int k, const float* alpha, const float* A, int lda, const float* B, int ldb,
                                             const float* beta, float* C, int ldc) {
    return gemmEntry<float>(h, ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}

MYELIN_SIM_API cublasStatus_t cublasDgemm_v2(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb, int m, int n,
                                             int k, const double* alpha, const double* A, int lda, const double* B,
                                             int ldb, const double* beta, double* C, int ldc) {
    return gemmEntry<double>(h, ta, tb, m, n, k, alpha, A, lda, 0, B, ldb, 0, beta, C, ldc, 0, 1);
}

MYELIN_SIM_API cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb,
                                                        int m, int n, int k, const float* alpha, const float* A, int lda,
                                                        long long sA, const float* B, int ldb, long long sB,
                                                        const float* beta, float* C, int ldc, long long sC, int batch) {
    return gemmEntry<float>(h, ta, tb, m, n, k, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch);
}

MYELIN_SIM_API cublasStatus_t cublasDgemmStridedBatched(cublasHandle_t h, cublasOperation_t ta, cublasOperation_t tb,
                                                        int m, int n, int k, const double* alpha, const double* A,
                                                        int lda, long long sA, const double* B, int ldb, long long sB,
                                                        const double* beta, double* C, int ldc, long long sC, int batch) {
    return gemmEntry<double>(h, ta, tb, m, n, k, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch);
}
