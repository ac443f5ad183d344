// Reductions of dev.myelin.backend.Backend: sumOfSquares, sumOfAbs,
// countNonFinite (whole buffer → out[0], overwritten), columnSums, and
// clipScale (the clip factor computed on the device from a sum of squares).
// Every sum accumulates in double, in an order fixed by the launch geometry,
// so results are deterministic run to run.
//
// Launch geometry:
//   myelin_sum_squares / _sum_abs / _count_non_finite: 1-D blocks of 256,
//     grid min(max(1, ceil(n / 256)), MYELIN_REDUCE_MAX_BLOCKS = 1024).
//     Each block writes its partial to partials[blockIdx.x]; the last block to
//     finish (an atomicInc ticket on *counter) adds the partials in block order
//     and writes out[0]. partials holds MYELIN_REDUCE_MAX_BLOCKS doubles (a
//     larger grid, or a block that is not whole warps, traps); *counter must be 0
//     before the first launch and is back to 0 after each (atomicInc wraps).
//     Launches sharing a workspace must be ordered (same stream).
//   myelin_column_sums: blocks of (32, 8), grid ceil(cols / 32).
//   myelin_clip_scale: one block of one thread.
#include "myelin_common.cuh"

#define MYELIN_REDUCE_SQUARES 0
#define MYELIN_REDUCE_ABS 1
#define MYELIN_REDUCE_NON_FINITE 2

__device__ __forceinline__ double myelin_reduce_term(int op, float v) {
    switch (op) {
        case MYELIN_REDUCE_SQUARES: return (double)v * v;
        case MYELIN_REDUCE_ABS: return fabs((double)v);
        default: return isfinite(v) ? 0.0 : 1.0;
    }
}

__device__ void myelin_reduce(int op, const float* x, int n, double* partials, unsigned int* counter, float* out) {
    myelin_require_warp_block();
    if (gridDim.x > MYELIN_REDUCE_MAX_BLOCKS || gridDim.y != 1 || gridDim.z != 1) __trap();  // partials has room for that many
    __shared__ double scratch[32];
    __shared__ bool last;
    double acc = 0.0;
    MYELIN_GRID_STRIDE(i, n) { acc += myelin_reduce_term(op, x[i]); }
    double block = myelin_block_sum_d(acc, scratch);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = block;
        __threadfence();
        unsigned int ticket = atomicInc(counter, gridDim.x - 1);
        last = ticket == gridDim.x - 1;
    }
    __syncthreads();
    if (last) {
        // Acquire: the other blocks' partials, released by their fence before the ticket, are visible.
        __threadfence();
        // Fixed order: thread t adds partials t, t + blockDim.x, ...; then the block sum.
        volatile double* p = partials;
        double sum = 0.0;
        for (unsigned int b = threadIdx.x; b < gridDim.x; b += blockDim.x) sum += p[b];
        double total = myelin_block_sum_d(sum, scratch);
        if (threadIdx.x == 0) out[0] = (float)total;
    }
}

// out[0] = Σ x² over n elements.
extern "C" __global__ void myelin_sum_squares(const float* x, int n, double* partials, unsigned int* counter, float* out) {
    myelin_reduce(MYELIN_REDUCE_SQUARES, x, n, partials, counter, out);
}

// out[0] = Σ |x| over n elements.
extern "C" __global__ void myelin_sum_abs(const float* x, int n, double* partials, unsigned int* counter, float* out) {
    myelin_reduce(MYELIN_REDUCE_ABS, x, n, partials, counter, out);
}

// out[0] = number of NaN or infinite elements among n.
extern "C" __global__ void myelin_count_non_finite(const float* x, int n, double* partials, unsigned int* counter, float* out) {
    myelin_reduce(MYELIN_REDUCE_NON_FINITE, x, n, partials, counter, out);
}

// out[j] = beta·out[j] + Σ_i m[i, j] for m [rows, cols]; beta = 0 overwrites (NaN in out ignored).
extern "C" __global__ void myelin_column_sums(const float* m, int rows, int cols, float beta, float* out) {
    myelin_require_column_block();
    __shared__ double scratch[MYELIN_COL_Y][MYELIN_COL_X + 1];
    int col = blockIdx.x * MYELIN_COL_X + threadIdx.x;
    double acc = 0.0;
    if (col < cols) {
        for (int r = threadIdx.y; r < rows; r += MYELIN_COL_Y) acc += m[(long long)r * cols + col];
    }
    double total = myelin_column_block_sum(acc, scratch);
    if (col < cols && threadIdx.y == 0) out[col] = beta == 0.0f ? (float)total : (float)(beta * (double)out[col] + total);
}

// scale[0] = min(1, maxNorm / (√sumSquares[0] + 1e-6)), or NaN when sumSquares[0]
// is not finite (PyTorch's clip_grad_norm_); computed in double.
extern "C" __global__ void myelin_clip_scale(const float* sumSquares, double maxNorm, float* scale) {
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        double s = sumSquares[0];
        scale[0] = isfinite(s) ? (float)fmin(1.0, maxNorm / (sqrt(s) + 1e-6)) : MYELIN_NAN;
    }
}
