// Layer kernels of dev.myelin.backend.Backend: batch norm (training forward
// with two-pass statistics, inference forward, backward), layer norm (forward,
// backward), PReLU (forward, backward with the α gradient) and maxout
// (forward with its arg-max, backward). float32 data; statistics and gradient
// sums accumulate in double in an order fixed by the launch geometry.
//
// Launch geometry:
//   batch norm training forward/backward, PReLU backward, layer-norm γ/β
//     gradients: column blocks of (32, 8) threads, grid ceil(cols / 32); a
//     block owns 32 whole columns (features), so statistics need no atomics.
//   batch norm inference, PReLU forward: 1-D blocks of 256, any 1-D grid
//     (grid-stride over rows·cols).
//   layer norm forward and the gradX part of its backward: one warp per row,
//     256-thread blocks, grid ceil(rows / 8).
//   maxout forward/backward: one thread per (row, unit), 1-D blocks of 256,
//     any 1-D grid (grid-stride over rows·units).
#include "myelin_common.cuh"

// ---------------------------------------------------------------- batch norm

// Per feature j over the n rows of x [n, d]: μ, biased σ² (two passes), out = γ·(x − μ)/√(σ² + ε) + β;
// savedMean = μ, savedInvStd = 1/√(σ² + ε); running r ← (1 − momentum)·r + momentum·stat with the
// unbiased variance σ²·n/(n − 1). Needs n ≥ 2. Column blocks.
extern "C" __global__ void myelin_batch_norm_forward_training(const float* x, const float* gamma, const float* beta, float epsilon,
                                                              float momentum, float* runningMean, float* runningVar, float* out,
                                                              float* savedMean, float* savedInvStd, int n, int d) {
    myelin_require_column_block();
    __shared__ double scratch[MYELIN_COL_Y][MYELIN_COL_X + 1];
    int j = blockIdx.x * MYELIN_COL_X + threadIdx.x;
    bool active = j < d;
    double s = 0.0;
    if (active) {
        for (int r = threadIdx.y; r < n; r += MYELIN_COL_Y) s += x[(long long)r * d + j];
    }
    double mean = myelin_column_block_sum(s, scratch) / n;
    double q = 0.0;
    if (active) {
        for (int r = threadIdx.y; r < n; r += MYELIN_COL_Y) {
            double c = x[(long long)r * d + j] - mean;
            q += c * c;
        }
    }
    double var = myelin_column_block_sum(q, scratch) / n;
    if (!active) return;  // no barrier follows
    double inv = 1.0 / sqrt(var + (double)epsilon);
    float g = gamma[j];
    float b = beta[j];
    for (int r = threadIdx.y; r < n; r += MYELIN_COL_Y) {
        long long e = (long long)r * d + j;
        out[e] = (float)((x[e] - mean) * inv * g + b);
    }
    if (threadIdx.y == 0) {
        savedMean[j] = (float)mean;
        savedInvStd[j] = (float)inv;
        double m = momentum;
        runningMean[j] = (float)((1.0 - m) * runningMean[j] + m * mean);
        runningVar[j] = (float)((1.0 - m) * runningVar[j] + m * var * ((double)n / (n - 1)));
    }
}

// out = γ·(x − r_μ)/√(r_σ² + ε) + β for x [n, d]; element-wise.
extern "C" __global__ void myelin_batch_norm_forward_inference(const float* x, const float* gamma, const float* beta, float epsilon,
                                                               const float* runningMean, const float* runningVar, float* out, int n,
                                                               int d) {
    MYELIN_GRID_STRIDE(e, (long long)n * d) {
        int j = (int)(e % d);
        float inv = 1.0f / sqrtf(runningVar[j] + epsilon);
        out[e] = (x[e] - runningMean[j]) * inv * gamma[j] + beta[j];
    }
}

// gradGamma = Σ dy·x̂, gradBeta = Σ dy (overwritten), gradX = γ·inv·(dy − Σdy/n − x̂·Σ(dy·x̂)/n). Column blocks.
extern "C" __global__ void myelin_batch_norm_backward(const float* x, const float* gradOut, const float* gamma, const float* savedMean,
                                                      const float* savedInvStd, float* gradX, float* gradGamma, float* gradBeta, int n,
                                                      int d) {
    myelin_require_column_block();
    __shared__ double scratch[MYELIN_COL_Y][MYELIN_COL_X + 1];
    int j = blockIdx.x * MYELIN_COL_X + threadIdx.x;
    bool active = j < d;
    double mu = active ? savedMean[j] : 0.0;
    double inv = active ? savedInvStd[j] : 0.0;
    double sdy = 0.0, sdyx = 0.0;
    if (active) {
        for (int r = threadIdx.y; r < n; r += MYELIN_COL_Y) {
            long long e = (long long)r * d + j;
            double v = gradOut[e];
            sdy += v;
            sdyx += v * (x[e] - mu) * inv;
        }
    }
    sdy = myelin_column_block_sum(sdy, scratch);
    sdyx = myelin_column_block_sum(sdyx, scratch);
    if (!active) return;
    if (threadIdx.y == 0) {
        gradGamma[j] = (float)sdyx;
        gradBeta[j] = (float)sdy;
    }
    double g = gamma[j];
    for (int r = threadIdx.y; r < n; r += MYELIN_COL_Y) {
        long long e = (long long)r * d + j;
        double xhat = (x[e] - mu) * inv;
        gradX[e] = (float)(g * inv * (gradOut[e] - sdy / n - xhat * sdyx / n));
    }
}

// ---------------------------------------------------------------- layer norm

// Per row of x [n, d]: μ, biased σ² (two passes, double), out = γ·(x − μ)/√(σ² + ε) + β;
// savedMean[i] = μ, savedInvStd[i] = 1/√(σ² + ε). One warp per row.
extern "C" __global__ void myelin_layer_norm_forward(const float* x, const float* gamma, const float* beta, float epsilon, float* out,
                                                     float* savedMean, float* savedInvStd, int n, int d) {
    myelin_require_warp_block();
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= n) return;
    const float* xr = x + (long long)row * d;
    float* orow = out + (long long)row * d;
    double s = 0.0;
    for (int j = lane; j < d; j += 32) s += xr[j];
    double mean = myelin_warp_sum_d(s) / d;
    double q = 0.0;
    for (int j = lane; j < d; j += 32) {
        double c = xr[j] - mean;
        q += c * c;
    }
    double var = myelin_warp_sum_d(q) / d;
    double inv = 1.0 / sqrt(var + (double)epsilon);
    for (int j = lane; j < d; j += 32) orow[j] = (float)((xr[j] - mean) * inv * gamma[j] + beta[j]);
    if (lane == 0) {
        savedMean[row] = (float)mean;
        savedInvStd[row] = (float)inv;
    }
}

// gradX = inv·(dy·γ − a/d − x̂·c/d) with a = Σ_j dy·γ, c = Σ_j dy·γ·x̂ per row. One warp per row.
// gradGamma and gradBeta come from myelin_layer_norm_backward_params.
extern "C" __global__ void myelin_layer_norm_backward(const float* x, const float* gradOut, const float* gamma, const float* savedMean,
                                                      const float* savedInvStd, float* gradX, int n, int d) {
    myelin_require_warp_block();
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= n) return;
    long long base = (long long)row * d;
    float mean = savedMean[row];
    float inv = savedInvStd[row];
    double a = 0.0, c = 0.0;
    for (int j = lane; j < d; j += 32) {
        float xhat = (x[base + j] - mean) * inv;
        float dxhat = gradOut[base + j] * gamma[j];
        a += dxhat;
        c += (double)dxhat * xhat;
    }
    a = myelin_warp_sum_d(a) / d;
    c = myelin_warp_sum_d(c) / d;
    for (int j = lane; j < d; j += 32) {
        double xhat = (double)(x[base + j] - mean) * inv;
        gradX[base + j] = (float)(inv * ((double)gradOut[base + j] * gamma[j] - a - xhat * c));
    }
}

// gradGamma[j] = Σ_i dy·x̂, gradBeta[j] = Σ_i dy (overwritten) for layer norm. Column blocks.
extern "C" __global__ void myelin_layer_norm_backward_params(const float* x, const float* gradOut, const float* savedMean,
                                                             const float* savedInvStd, float* gradGamma, float* gradBeta, int n, int d) {
    myelin_require_column_block();
    __shared__ double scratch[MYELIN_COL_Y][MYELIN_COL_X + 1];
    int j = blockIdx.x * MYELIN_COL_X + threadIdx.x;
    double sdy = 0.0, sdyx = 0.0;
    if (j < d) {
        for (int r = threadIdx.y; r < n; r += MYELIN_COL_Y) {
            long long e = (long long)r * d + j;
            double v = gradOut[e];
            sdy += v;
            sdyx += v * ((double)x[e] - savedMean[r]) * savedInvStd[r];
        }
    }
    sdy = myelin_column_block_sum(sdy, scratch);
    sdyx = myelin_column_block_sum(sdyx, scratch);
    if (j < d && threadIdx.y == 0) {
        gradGamma[j] = (float)sdyx;
        gradBeta[j] = (float)sdy;
    }
}

// ---------------------------------------------------------------- PReLU

// out = z for z > 0, α_j·z otherwise, for z [n, d]; element-wise.
extern "C" __global__ void myelin_prelu_forward(const float* z, const float* alpha, float* out, int n, int d) {
    MYELIN_GRID_STRIDE(e, (long long)n * d) {
        float v = z[e];
        out[e] = v > 0.0f ? v : alpha[e % d] * v;
    }
}

// gradZ = dy for z > 0, α_j·dy otherwise; gradAlpha[j] = Σ_{i: z ≤ 0} dy·z (overwritten). Column blocks.
extern "C" __global__ void myelin_prelu_backward(const float* z, const float* alpha, const float* gradOut, float* gradZ,
                                                 float* gradAlpha, int n, int d) {
    myelin_require_column_block();
    __shared__ double scratch[MYELIN_COL_Y][MYELIN_COL_X + 1];
    int j = blockIdx.x * MYELIN_COL_X + threadIdx.x;
    double s = 0.0;
    if (j < d) {
        float a = alpha[j];
        for (int r = threadIdx.y; r < n; r += MYELIN_COL_Y) {
            long long e = (long long)r * d + j;
            float v = z[e];
            float g = gradOut[e];
            if (v > 0.0f) {
                gradZ[e] = g;
            } else {
                gradZ[e] = a * g;
                s += (double)g * v;
            }
        }
    }
    s = myelin_column_block_sum(s, scratch);
    if (j < d && threadIdx.y == 0) gradAlpha[j] = (float)s;
}

// ---------------------------------------------------------------- maxout

// out[i, u] = max_r z[i, u·k + r], argmax[i, u] = first such r, for z [n, units·k].
extern "C" __global__ void myelin_maxout_forward(const float* z, int k, float* out, int* argmax, int n, int units) {
    MYELIN_GRID_STRIDE(e, (long long)n * units) {
        const float* g = z + e * k;  // row i, unit u start at (i·units + u)·k
        float best = g[0];
        int at = 0;
        for (int r = 1; r < k; r++) {
            if (g[r] > best) {
                best = g[r];
                at = r;
            }
        }
        out[e] = best;
        argmax[e] = at;
    }
}

// gradZ[i, u·k + r] = gradOut[i, u] where r is the recorded arg-max, else 0 (every element written). An arg-max
// outside [0, k) routes no gradient and is reported in the status record (myelin_report): place = i·units + u,
// value = the arg-max, bounds = units << 32 | k; status may be null.
extern "C" __global__ void myelin_maxout_backward(const float* gradOut, const int* argmax, int k, float* gradZ, int n, int units,
                                                  unsigned long long* status) {
    MYELIN_GRID_STRIDE(e, (long long)n * units) {
        int at = argmax[e];
        if (at < 0 || at >= k) {
            myelin_report(status, (unsigned)e, (unsigned)at, ((unsigned long long)(unsigned)units << 32) | (unsigned)k);
            at = -1;
        }
        float g = gradOut[e];
        float* dz = gradZ + e * k;
        for (int r = 0; r < k; r++) dz[r] = r == at ? g : 0.0f;
    }
}
