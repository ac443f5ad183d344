// Shared device helpers of the Myelin kernels: launch-geometry constants,
// grid-stride loops, warp and block reductions, and the integer codes of the
// Java enums the kernels switch on. Included by every .cu file of this
// directory; never compiled on its own.
#pragma once

// ---- launch geometry (see kernels/README.md) -------------------------------
// The one source of these numbers: the CUDA backend's launcher and the kernel
// tests read them from this file (dev.myelin.cuda.LaunchGeometry), so each
// stays "#define NAME <decimal>" on a line of its own.
// Element-wise kernels: 1-D blocks of MYELIN_BLOCK threads, any 1-D grid (they
// loop grid-stride); the backend uses ceil(n / 256) blocks capped at 4096.
#define MYELIN_BLOCK 256
#define MYELIN_MAX_ELEMENT_GRID 4096
// Row kernels (softmax, losses, layer norm, argmax): one warp per row,
// MYELIN_ROWS_PER_BLOCK warps per 256-thread block, grid ceil(rows / 8).
#define MYELIN_ROWS_PER_BLOCK 8
// Column kernels (column sums, batch norm, PReLU α gradient, layer-norm γ/β
// gradients): blocks of (32, 8) threads; threadIdx.x picks one of 32
// consecutive columns, the 8 threadIdx.y stripe the rows; grid ceil(cols / 32).
#define MYELIN_COL_X 32
#define MYELIN_COL_Y 8
// Whole-buffer reductions: 1-D blocks of 256, at most this many blocks; the
// caller passes a workspace of MYELIN_REDUCE_MAX_BLOCKS doubles and one
// unsigned counter that is zero before the first launch (the last block
// resets it).
#define MYELIN_REDUCE_MAX_BLOCKS 1024

// ---- shape checks: a launch with a shape the kernel cannot work with traps
// (the launch fails, the context is lost) instead of computing garbage.
// Column kernels: exactly (MYELIN_COL_X, MYELIN_COL_Y, 1).
__device__ __forceinline__ void myelin_require_column_block() {
    if (blockDim.x != MYELIN_COL_X || blockDim.y != MYELIN_COL_Y || blockDim.z != 1) __trap();
}
// Row kernels and block reductions: a 1-D block of whole warps.
__device__ __forceinline__ void myelin_require_warp_block() {
    if ((blockDim.x & 31) != 0 || blockDim.y != 1 || blockDim.z != 1) __trap();
}
// Single-block accumulators: one 1-D block of whole warps.
__device__ __forceinline__ void myelin_require_single_block() {
    myelin_require_warp_block();
    if (gridDim.x != 1 || gridDim.y != 1 || gridDim.z != 1) __trap();
}

// ---- codes of the Java enums (their ordinal()) ------------------------------
// dev.myelin.backend.ActivationKind
#define MYELIN_ACT_IDENTITY 0
#define MYELIN_ACT_SIGMOID 1
#define MYELIN_ACT_TANH 2
#define MYELIN_ACT_RELU 3
#define MYELIN_ACT_LEAKY_RELU 4
#define MYELIN_ACT_ELU 5
#define MYELIN_ACT_SELU 6
#define MYELIN_ACT_SWISH 7
#define MYELIN_ACT_SOFTMAX 8
#define MYELIN_ACT_RECTIFIER 9
// dev.myelin.backend.LossKind
#define MYELIN_LOSS_MEAN_SQUARED_ERROR 0
#define MYELIN_LOSS_MEAN_ABSOLUTE_ERROR 1
#define MYELIN_LOSS_HUBER 2
#define MYELIN_LOSS_BINARY_CROSS_ENTROPY 3
#define MYELIN_LOSS_CATEGORICAL_CROSS_ENTROPY 4
#define MYELIN_LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY 5
// dev.myelin.backend.MomentumForm
#define MYELIN_MOMENTUM_NONE 0
#define MYELIN_MOMENTUM_CLASSICAL 1
#define MYELIN_MOMENTUM_EMA 2
#define MYELIN_MOMENTUM_NESTEROV 3

#define MYELIN_FULL_MASK 0xffffffffu
// NVRTC compiles without the host's <math.h>, so no INFINITY or NAN macros.
#define MYELIN_INFINITY __int_as_float(0x7f800000)
#define MYELIN_NAN __int_as_float(0x7fffffff)

// ---- the device status word (dev.myelin.cuda.DeviceStatus) -----------------
// A kernel that finds a value it cannot work with in its data (a sparse target
// that is no class index, a row index that is no row, a maxout arg-max outside
// its group) records it in its own record of the status word, two unsigned
// long long that the backend reads at its next synchronisation:
//   record[0] = min over the bad places of (place << 32 | the 32 bits of the
//               bad value), all ones while no place was bad;
//   record[1] = the bounds the value broke, as the kernel's comment says.
// The lowest place wins whatever the order of the threads. record may be null
// (nothing is reported).
__device__ __forceinline__ void myelin_report(unsigned long long* record, unsigned place, unsigned bits,
                                              unsigned long long bounds) {
    if (record == nullptr) return;
    atomicMin(record, ((unsigned long long)place << 32) | bits);
    record[1] = bounds;
}

// for (long long i = first; i < n; i += stride) over a 1-D grid.
#define MYELIN_GRID_STRIDE(i, n)                                                      \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (long long)(n); \
         i += (long long)blockDim.x * gridDim.x)

__device__ __forceinline__ float myelin_warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(MYELIN_FULL_MASK, v, o);
    return v;
}

__device__ __forceinline__ double myelin_warp_sum_d(double v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(MYELIN_FULL_MASK, v, o);
    return v;
}

// Maximum over the warp; NaN is not propagated (a NaN lane loses to any number).
__device__ __forceinline__ float myelin_warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) {
        float w = __shfl_xor_sync(MYELIN_FULL_MASK, v, o);
        v = w > v ? w : v;
    }
    return v;
}

// The maximum m of x[0..n) and Σ_j e^{x_j − m}, by one warp (every lane gets
// both): the stable softmax and log-sum-exp of a row. Sums in float.
__device__ __forceinline__ void myelin_row_max_sum_exp(const float* x, int n, int lane, float& m, float& sum) {
    m = -MYELIN_INFINITY;
    for (int j = lane; j < n; j += 32) m = fmaxf(m, x[j]);
    m = myelin_warp_max(m);
    float s = 0.0f;
    for (int j = lane; j < n; j += 32) s += expf(x[j] - m);
    sum = myelin_warp_sum(s);
}

// The first maximum of the warp: largest value, smallest index among equals.
// Takes no NaN (myelin_row_argmax filters them): a NaN would keep its lane.
__device__ __forceinline__ void myelin_warp_argmax(float& v, int& idx) {
    for (int o = 16; o > 0; o >>= 1) {
        float w = __shfl_xor_sync(MYELIN_FULL_MASK, v, o);
        int j = __shfl_xor_sync(MYELIN_FULL_MASK, idx, o);
        if (w > v || (w == v && j < idx)) {
            v = w;
            idx = j;
        }
    }
}

// The first maximum of x[0..n) computed by one warp; every lane gets the index.
// The CPU backend's rule: a scan from x[0] that moves only on a strictly
// greater value, so a NaN in x[0] wins (index 0) and any later NaN is passed over.
__device__ __forceinline__ int myelin_row_argmax(const float* x, int n, int lane) {
    if (n > 0 && x[0] != x[0]) return 0;  // the same answer for every lane: no lane is left at a shuffle
    float best = -MYELIN_INFINITY;
    int bestIdx = 0x7fffffff;
    for (int j = lane; j < n; j += 32) {
        float v = x[j];
        if (v > best || (bestIdx == 0x7fffffff && v == v)) {
            best = v;
            bestIdx = j;
        }
    }
    myelin_warp_argmax(best, bestIdx);
    return bestIdx == 0x7fffffff ? 0 : bestIdx;
}

// Sum over the threads (tx, 0..7) of a column block; every thread of the
// column gets the total. scratch is [MYELIN_COL_Y][MYELIN_COL_X + 1] doubles in
// shared memory. Every thread of the block must call it (it has barriers).
__device__ __forceinline__ double myelin_column_block_sum(double v, double (*scratch)[MYELIN_COL_X + 1]) {
    scratch[threadIdx.y][threadIdx.x] = v;
    __syncthreads();
    double total = 0.0;
    for (int k = 0; k < MYELIN_COL_Y; k++) total += scratch[k][threadIdx.x];
    __syncthreads();
    return total;
}

// Sum over a 1-D block of up to 1024 threads (a multiple of 32), in a fixed
// order; the result is valid in thread 0. scratch holds 32 doubles.
__device__ __forceinline__ double myelin_block_sum_d(double v, double* scratch) {
    v = myelin_warp_sum_d(v);
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    double total = 0.0;
    if (threadIdx.x == 0) {
        int warps = (blockDim.x + 31) >> 5;
        for (int w = 0; w < warps; w++) total += scratch[w];
    }
    __syncthreads();
    return total;
}
