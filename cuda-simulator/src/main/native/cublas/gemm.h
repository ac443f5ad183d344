// The column-major GEMM contract of cublas<t>gemm:
//   C = alpha * op(A) * op(B) + beta * C,  op(A) m x k, op(B) k x n, C m x n.
// Kept free of cuBLAS handles so the reference test can call it directly.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "cublas_types.h"

namespace myelin_sim {

// CUBLAS_STATUS_INVALID_VALUE for the arguments cuBLAS rejects, else SUCCESS.
// CUBLAS_OP_C of a real matrix is its transpose; anything else is invalid.
inline cublasStatus_t checkGemmArguments(int transa, int transb, int m, int n, int k, int lda, int ldb, int ldc) {
    auto validOp = [](int op) { return op == CUBLAS_OP_N || op == CUBLAS_OP_T || op == CUBLAS_OP_C; };
    if (!validOp(transa) || !validOp(transb)) return CUBLAS_STATUS_INVALID_VALUE;
    if (m < 0 || n < 0 || k < 0) return CUBLAS_STATUS_INVALID_VALUE;
    if (lda < std::max(1, transa == CUBLAS_OP_N ? m : k)) return CUBLAS_STATUS_INVALID_VALUE;
    if (ldb < std::max(1, transb == CUBLAS_OP_N ? k : n)) return CUBLAS_STATUS_INVALID_VALUE;
    if (ldc < std::max(1, m)) return CUBLAS_STATUS_INVALID_VALUE;
    return CUBLAS_STATUS_SUCCESS;
}

// TF32 keeps float's exponent and 10 of its 23 mantissa bits, rounded to
// nearest even: what tensor cores see of each input in TF32 mode.
inline float roundToTf32(float x) {
    uint32_t bits;
    std::memcpy(&bits, &x, 4);
    if ((bits & 0x7f800000u) == 0x7f800000u) return x;  // inf, nan
    uint32_t lsb = (bits >> 13) & 1u;
    bits = (bits + 0x0fffu + lsb) & ~0x1fffu;
    std::memcpy(&x, &bits, 4);
    return x;
}

// Arguments already checked. Accumulates in T, one dot product per element
// in increasing k, as a simple GPU kernel would.
template <typename T>
void gemm(int transa, int transb, int m, int n, int k, T alpha, const T* A, int lda, const T* B, int ldb, T beta, T* C,
          int ldc, bool tf32) {
    if (m == 0 || n == 0) return;
    auto in = [tf32](T v) -> T {
        if constexpr (sizeof(T) == 4) return tf32 ? T(roundToTf32(float(v))) : v;
        return v;
    };
    std::vector<T> acc(static_cast<std::size_t>(m));
    std::vector<T> column(static_cast<std::size_t>(k));
    bool skipProduct = k == 0 || alpha == T(0);
    for (int j = 0; j < n; j++) {
        std::fill(acc.begin(), acc.end(), T(0));
        if (!skipProduct) {
            for (int p = 0; p < k; p++)
                column[p] = in(transb == CUBLAS_OP_N ? B[p + std::size_t(j) * ldb] : B[j + std::size_t(p) * ldb]);
            if (transa == CUBLAS_OP_N) {
                for (int p = 0; p < k; p++) {
                    const T b = column[p];
                    const T* a = A + std::size_t(p) * lda;
                    if (tf32)
                        for (int i = 0; i < m; i++) acc[i] += in(a[i]) * b;
                    else
                        for (int i = 0; i < m; i++) acc[i] += a[i] * b;
                }
            } else {
                for (int i = 0; i < m; i++) {
                    const T* a = A + std::size_t(i) * lda;
                    T sum = T(0);
                    for (int p = 0; p < k; p++) sum += in(a[p]) * column[p];
                    acc[i] = sum;
                }
            }
        }
        T* c = C + std::size_t(j) * ldc;
        // beta == 0 means C is output only: whatever it held (NaN too) is ignored.
        if (beta == T(0))
            for (int i = 0; i < m; i++) c[i] = skipProduct ? T(0) : alpha * acc[i];
        else
            for (int i = 0; i < m; i++) c[i] = (skipProduct ? T(0) : alpha * acc[i]) + beta * c[i];
    }
}

}  // namespace myelin_sim
