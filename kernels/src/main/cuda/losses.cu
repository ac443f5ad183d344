// Losses and metrics of dev.myelin.backend.Backend: lossForward, lossBackward,
// countCorrect, argmaxRows, on float32 with the formulas of the CPU backend's
// ElementMath (PyTorch's). `kind` is LossKind.ordinal() (MYELIN_LOSS_*);
// `fromLogits` 0 or 1; sparse targets are [rows, 1] class indices stored as
// floats. An index that is not an integer in [0, k) makes that row's loss and
// gradient NaN and is reported in the record `status` of the device status
// word (myelin_report; where the CPU backend throws at once, the CUDA backend
// throws at its next synchronisation): place = the row, value = the bits of
// the float target, bounds = k.
//
// Launch geometry:
//   myelin_loss_forward: ONE block of 256 threads (8 warps, a warp per row,
//     rows strided by 8); the per-row losses are summed in double in a fixed
//     order and added once to the 1-element accumulator, so the result is
//     deterministic and needs no zeroing.
//   myelin_loss_backward, myelin_argmax_rows, myelin_count_correct: one warp
//     per row, 256-thread blocks, grid ceil(rows / 8). myelin_count_correct
//     adds each block's count to the int counter with one integer atomicAdd:
//     exact, whatever the order of the blocks.
#include "myelin_common.cuh"

#define MYELIN_LOG_FLOOR (-100.0f)
#define MYELIN_BCE_GRAD_FLOOR 1e-12f

__device__ __forceinline__ float myelin_loss_sigmoid(float z) {
    if (z >= 0.0f) return 1.0f / (1.0f + expf(-z));
    float e = expf(z);
    return e / (1.0f + e);
}

// Clamps here are comparisons, not fmaxf: fmaxf drops a NaN, and a diverged
// network has to report a NaN loss (as the CPU backend does), not a number.
__device__ __forceinline__ float myelin_floor_keep_nan(float x, float floor) { return x < floor ? floor : x; }

__device__ __forceinline__ float myelin_clamped_log(float p) { return myelin_floor_keep_nan(logf(p), MYELIN_LOG_FLOOR); }

__device__ __forceinline__ float myelin_signf(float d) { return d > 0.0f ? 1.0f : (d < 0.0f ? -1.0f : 0.0f); }

// The class index of a sparse target, or -1 when it is not one.
__device__ __forceinline__ int myelin_class_index(float t, int k) {
    return (t >= 0.0f && t < (float)k && t == rintf(t)) ? (int)t : -1;
}

// Records a sparse target t[0] of `row` that is no class index in [0, k) in the
// status word (see the file comment). Called by one lane per row.
__device__ __forceinline__ void myelin_report_bad_class(unsigned long long* status, const float* t, int row, int k) {
    if (myelin_class_index(t[0], k) < 0) myelin_report(status, (unsigned)row, __float_as_uint(t[0]), (unsigned long long)k);
}

// log Σ_j e^{o_j} of one row, by one warp (every lane gets it).
__device__ __forceinline__ float myelin_row_logsumexp(const float* o, int k, int lane) {
    float m, s;
    myelin_row_max_sum_exp(o, k, lane, m, s);
    return m + logf(s);
}

// ℓ of one sample (o [k], t [k] or [1] for the sparse loss), by one warp.
__device__ float myelin_row_loss(int kind, int fromLogits, float delta, float smoothing, const float* o, const float* t, int k,
                                 int lane) {
    float s = 0.0f;
    switch (kind) {
        case MYELIN_LOSS_MEAN_SQUARED_ERROR:
            for (int j = lane; j < k; j += 32) {
                float d = o[j] - t[j];
                s += d * d;
            }
            return myelin_warp_sum(s) / k;
        case MYELIN_LOSS_MEAN_ABSOLUTE_ERROR:
            for (int j = lane; j < k; j += 32) s += fabsf(o[j] - t[j]);
            return myelin_warp_sum(s) / k;
        case MYELIN_LOSS_HUBER:
            for (int j = lane; j < k; j += 32) {
                float d = fabsf(o[j] - t[j]);
                s += d < delta ? 0.5f * d * d : delta * (d - 0.5f * delta);
            }
            return myelin_warp_sum(s) / k;
        case MYELIN_LOSS_BINARY_CROSS_ENTROPY:
            if (fromLogits) {
                for (int j = lane; j < k; j += 32) {
                    float x = o[j];
                    s += fmaxf(x, 0.0f) - x * t[j] + log1pf(expf(-fabsf(x)));
                }
            } else {
                for (int j = lane; j < k; j += 32) {
                    float p = o[j];
                    float y = t[j];
                    s -= y * myelin_clamped_log(p) + (1.0f - y) * myelin_clamped_log(1.0f - p);
                }
            }
            return myelin_warp_sum(s) / k;
        default: {  // the categorical cross-entropies
            bool sparse = kind == MYELIN_LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY;
            int cls = sparse ? myelin_class_index(t[0], k) : 0;
            float uniform = smoothing / k;
            float keep = 1.0f - smoothing;
            float lse = fromLogits ? myelin_row_logsumexp(o, k, lane) : 0.0f;
            for (int j = lane; j < k; j += 32) {
                float target = sparse ? (j == cls ? 1.0f : 0.0f) : t[j];
                float smoothed = keep * target + uniform;
                if (smoothed == 0.0f) continue;
                float logP = fromLogits ? o[j] - lse : myelin_clamped_log(o[j]);
                s -= smoothed * logP;
            }
            s = myelin_warp_sum(s);
            return (sparse && cls < 0) ? MYELIN_NAN : s;
        }
    }
}

// lossSum[0] += Σ_rows ℓ(output[i, :], target[i, :]); output [rows, k],
// target [rows, k] or [rows, 1] (sparse). One block (see the file comment).
extern "C" __global__ void myelin_loss_forward(int kind, int fromLogits, float delta, float smoothing, const float* output,
                                               const float* target, int rows, int k, float* lossSum, unsigned long long* status) {
    myelin_require_single_block();
    __shared__ double scratch[32];
    int lane = threadIdx.x & 31;
    int warps = blockDim.x >> 5;
    int tk = kind == MYELIN_LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY ? 1 : k;
    double acc = 0.0;
    for (int row = threadIdx.x >> 5; row < rows; row += warps) {
        const float* t = target + (long long)row * tk;
        float l = myelin_row_loss(kind, fromLogits, delta, smoothing, output + (long long)row * k, t, k, lane);
        if (lane == 0) {
            acc += l;
            if (kind == MYELIN_LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY) myelin_report_bad_class(status, t, row, k);
        }
    }
    double total = myelin_block_sum_d(acc, scratch);
    if (threadIdx.x == 0) lossSum[0] = (float)((double)lossSum[0] + total);
}

// grad = scale · ∂ℓ/∂output per sample; one warp per row.
extern "C" __global__ void myelin_loss_backward(int kind, int fromLogits, float delta, float smoothing, const float* output,
                                                const float* target, float scale, float* grad, int rows, int k,
                                                unsigned long long* status) {
    myelin_require_warp_block();
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= rows) return;
    int tk = kind == MYELIN_LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY ? 1 : k;
    const float* o = output + (long long)row * k;
    const float* t = target + (long long)row * tk;
    float* g = grad + (long long)row * k;
    float perK = scale / k;
    switch (kind) {
        case MYELIN_LOSS_MEAN_SQUARED_ERROR:
            for (int j = lane; j < k; j += 32) g[j] = 2.0f * (o[j] - t[j]) * perK;
            break;
        case MYELIN_LOSS_MEAN_ABSOLUTE_ERROR:
            for (int j = lane; j < k; j += 32) g[j] = myelin_signf(o[j] - t[j]) * perK;
            break;
        case MYELIN_LOSS_HUBER:
            for (int j = lane; j < k; j += 32) {
                float d = o[j] - t[j];
                g[j] = (fabsf(d) < delta ? d : delta * myelin_signf(d)) * perK;
            }
            break;
        case MYELIN_LOSS_BINARY_CROSS_ENTROPY:
            if (fromLogits) {
                for (int j = lane; j < k; j += 32) g[j] = (myelin_loss_sigmoid(o[j]) - t[j]) * perK;
            } else {
                for (int j = lane; j < k; j += 32) {
                    float p = o[j];
                    g[j] = (p - t[j]) / myelin_floor_keep_nan(p * (1.0f - p), MYELIN_BCE_GRAD_FLOOR) * perK;
                }
            }
            break;
        default: {
            bool sparse = kind == MYELIN_LOSS_SPARSE_CATEGORICAL_CROSS_ENTROPY;
            int cls = sparse ? myelin_class_index(t[0], k) : 0;
            if (sparse && lane == 0) myelin_report_bad_class(status, t, row, k);
            float uniform = smoothing / k;
            float keep = 1.0f - smoothing;
            float bad = (sparse && cls < 0) ? MYELIN_NAN : 0.0f;
            if (fromLogits) {
                float targetSum;
                if (sparse) {
                    targetSum = keep + smoothing;
                } else {
                    float s = 0.0f;
                    for (int j = lane; j < k; j += 32) s += t[j];
                    targetSum = keep * myelin_warp_sum(s) + smoothing;
                }
                float m, sum;
                myelin_row_max_sum_exp(o, k, lane, m, sum);
                float inv = 1.0f / sum;
                for (int j = lane; j < k; j += 32) {
                    float target = sparse ? (j == cls ? 1.0f : 0.0f) : t[j];
                    float smoothed = keep * target + uniform;
                    float p = expf(o[j] - m) * inv;
                    g[j] = scale * (p * targetSum - smoothed) + bad;
                }
            } else {
                for (int j = lane; j < k; j += 32) {
                    float target = sparse ? (j == cls ? 1.0f : 0.0f) : t[j];
                    float smoothed = keep * target + uniform;
                    g[j] = scale * (-smoothed / myelin_floor_keep_nan(o[j], 3.720076e-44f)) + bad;  // e^-100, PyTorch's floor
                }
            }
        }
    }
}

// counter[0] += number of rows predicted right (see Backend#countCorrect), an
// int counter: k == 1: (output > threshold) == (target > 0.5); tk == 1:
// argmax == class index; tk == k: argmax(output) == argmax(target). One warp
// per row; each block counts in shared memory and adds its count once.
extern "C" __global__ void myelin_count_correct(const float* output, const float* target, int rows, int k, int tk, float threshold,
                                                int* counter) {
    myelin_require_warp_block();
    __shared__ int blockCount;
    if (threadIdx.x == 0) blockCount = 0;
    __syncthreads();
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row < rows) {
        const float* o = output + (long long)row * k;
        const float* t = target + (long long)row * tk;
        bool right;
        if (k == 1) {
            right = (o[0] > threshold) == (t[0] > 0.5f);
        } else if (tk == 1) {
            right = (float)myelin_row_argmax(o, k, lane) == t[0];
        } else {
            int a = myelin_row_argmax(o, k, lane);
            right = a == myelin_row_argmax(t, tk, lane);
        }
        if (lane == 0 && right) atomicAdd(&blockCount, 1);
    }
    __syncthreads();
    if (threadIdx.x == 0 && blockCount > 0) atomicAdd(counter, blockCount);
}

// predicted[i] = first arg-max of output[i, :], an int; one warp per row.
extern "C" __global__ void myelin_argmax_rows(const float* output, int* predicted, int rows, int k) {
    myelin_require_warp_block();
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= rows) return;
    int a = myelin_row_argmax(output + (long long)row * k, k, lane);
    if (lane == 0) predicted[row] = a;
}
