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

// dst[i, :] = src[index[from + i], :] for dst [rows, cols]; src has srcRows rows. The int row indices are host
// indices copied to the device or an INT32 tensor (a device-resident data set's epoch order). An index outside
// [0, srcRows) writes NaN into its row and is reported in the status record (myelin_report): place = from + i, value
// = the index, bounds = cols << 32 | srcRows; status may be null.
extern "C" __global__ void myelin_gather_rows(const float* src, int srcRows, const int* index, int from, float* dst, int rows,
                                              int cols, unsigned long long* status) {
    MYELIN_GRID_STRIDE(i, (long long)rows * cols) {
        int r = (int)(i / cols);
        int c = (int)(i % cols);
        int s = index[from + r];
        if (s >= 0 && s < srcRows) {
            dst[i] = src[(long long)s * cols + c];
        } else {
            dst[i] = MYELIN_NAN;
            if (c == 0) myelin_report(status, (unsigned)(from + r), (unsigned)s, ((unsigned long long)(unsigned)cols << 32) | (unsigned)srcRows);
        }
    }
}
