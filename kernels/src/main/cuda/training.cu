// The device-side bookkeeping of a training run and of an evaluation
// (dev.myelin.backend.TrainingOperations): a copy made only when a device
// scalar is not finite, which lets a step with a non-finite loss apply no
// update without the host reading the loss, and a classifier's confusion
// matrix counted where its outputs are.
//
// Launch geometry:
//   myelin_copy_if_non_finite: element-wise, 1-D blocks of 256, any grid.
//   myelin_confusion_counts: one warp per row, 256-thread blocks, grid
//     ceil(rows / 8); lane 0 of a row adds 1 to its int cell with atomicAdd
//     (integer additions: exact up to 2^31 - 1 per cell, whatever their
//     order).
#include "myelin_common.cuh"

// dst[i] = src[i] for every i < n when flag[0] is NaN or infinite; nothing
// otherwise. dst must not overlap flag (every thread reads flag[0]); src may
// be flag.
extern "C" __global__ void myelin_copy_if_non_finite(const float* flag, const float* src, float* dst, int n) {
    if (isfinite(flag[0])) return;
    MYELIN_GRID_STRIDE(i, n) dst[i] = src[i];
}

// counts[a * classes + p] += 1 for every row of output [rows, k]: p is the
// first arg-max of the row (myelin_row_argmax, the rule of argmaxRows), or
// output > threshold ? 1 : 0 when k == 1; a is labels[row] as a class index
// (tk == 1) or the first arg-max of the one-hot row labels[row, 0..tk) (tk ==
// k). A row whose label is no class index in [0, classes) is not counted.
extern "C" __global__ void myelin_confusion_counts(const float* output, const float* labels, int rows, int k, int tk, float threshold,
                                                   int* counts, int classes) {
    myelin_require_warp_block();
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= rows) return;
    const float* o = output + (long long)row * k;
    int p = k == 1 ? (o[0] > threshold ? 1 : 0) : myelin_row_argmax(o, k, lane);
    int a;
    if (tk == 1) {
        float t = labels[row];
        a = (t >= 0.0f && t < (float)classes && t == rintf(t)) ? (int)t : -1;
    } else {
        a = myelin_row_argmax(labels + (long long)row * tk, tk, lane);
    }
    if (lane == 0 && a >= 0) atomicAdd(&counts[(long long)a * classes + p], 1);
}
