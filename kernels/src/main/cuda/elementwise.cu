// Element-wise and broadcast kernels of dev.myelin.backend.Backend on float32
// buffers: axpy, scale, addSign, clamp, multiply, addRowVector, gatherRows.
// Launch geometry: 1-D blocks (MYELIN_BLOCK = 256 threads advised), any 1-D
// grid: every kernel loops grid-stride over its n elements.
#include "myelin_common.cuh"

// y = alpha·x + y over n elements.
extern "C" __global__ void myelin_axpy(float alpha, const float* x, float* y, int n) {
    MYELIN_GRID_STRIDE(i, n) { y[i] = alpha * x[i] + y[i]; }
}

// x = alpha·x over n elements.
extern "C" __global__ void myelin_scale(float* x, float alpha, int n) {
    MYELIN_GRID_STRIDE(i, n) { x[i] = alpha * x[i]; }
}

// y += lambda·sign(x), sign(0) = 0 (and sign(NaN) = 0).
extern "C" __global__ void myelin_add_sign(float lambda, const float* x, float* y, int n) {
    MYELIN_GRID_STRIDE(i, n) {
        float v = x[i];
        float s = v > 0.0f ? 1.0f : (v < 0.0f ? -1.0f : 0.0f);
        y[i] += lambda * s;
    }
}

// x = min(max(x, lo), hi); NaN stays NaN (as Java's Math.min/max).
extern "C" __global__ void myelin_clamp(float* x, float lo, float hi, int n) {
    MYELIN_GRID_STRIDE(i, n) {
        float v = x[i];
        x[i] = v < lo ? lo : (v > hi ? hi : v);
    }
}

// out = a ⊙ b; out may alias a or b.
extern "C" __global__ void myelin_multiply(const float* a, const float* b, float* out, int n) {
    MYELIN_GRID_STRIDE(i, n) { out[i] = a[i] * b[i]; }
}

// m[i, j] += row[j] for m [rows, cols] (bias add); grid-stride over rows·cols.
extern "C" __global__ void myelin_add_row_vector(float* m, const float* row, int rows, int cols) {
    MYELIN_GRID_STRIDE(i, (long long)rows * cols) { m[i] += row[i % cols]; }
}

// dst[i, :] = src[index[from + i], :] for dst [rows, cols]; src has srcRows rows.
// An index outside [0, srcRows) writes NaN into that row (the CPU backend throws).
extern "C" __global__ void myelin_gather_rows(const float* src, int srcRows, const int* index, int from, float* dst, int rows,
                                              int cols) {
    MYELIN_GRID_STRIDE(i, (long long)rows * cols) {
        int r = (int)(i / cols);
        int c = (int)(i % cols);
        int s = index[from + r];
        dst[i] = (s >= 0 && s < srcRows) ? src[(long long)s * cols + c] : MYELIN_NAN;
    }
}
