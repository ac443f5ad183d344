// Activations of dev.myelin.backend.Backend#activationForward/Backward on
// float32, in float arithmetic, with the formulas of the CPU backend's
// ElementMath (PyTorch's). `kind` is ActivationKind.ordinal() (MYELIN_ACT_*).
//
// Launch geometry:
//   myelin_activation_forward/backward, myelin_add_row_vector_activation: 1-D
//     blocks of 256, any 1-D grid (grid-stride over n); SOFTMAX is not
//     element-wise: use the softmax entries.
//   myelin_activation_backward_column_sums: blocks of (32, 8), grid
//     ceil(cols / 32) (a column kernel, as myelin_column_sums).
//   myelin_softmax_forward/backward: one warp per row, 256-thread blocks
//     (8 rows per block), grid ceil(rows / 8).
#include "myelin_common.cuh"

#define MYELIN_SELU_LAMBDA 1.0507009873554804934193349852946f
#define MYELIN_SELU_ALPHA 1.6732632423543772848170429916717f
#define MYELIN_ACT_GELU_TANH 10
#define MYELIN_GELU_BETA 0.7978845608028654f  // sqrt(2/pi)
#define MYELIN_GELU_KAPPA 0.044715f
#define MYELIN_ACT_SOFTPLUS 11
#define MYELIN_SOFTPLUS_THRESHOLD 20.0f  // PyTorch's: the identity above it

__device__ __forceinline__ float myelin_sigmoid(float z) {
    if (z >= 0.0f) return 1.0f / (1.0f + expf(-z));
    float e = expf(z);
    return e / (1.0f + e);
}

__device__ __forceinline__ float myelin_activate(int kind, float alpha, float v) {
    switch (kind) {
        case MYELIN_ACT_SIGMOID: return myelin_sigmoid(v);
        case MYELIN_ACT_TANH: return tanhf(v);
        case MYELIN_ACT_RELU: return v > 0.0f ? v : (v != v ? v : 0.0f);
        case MYELIN_ACT_LEAKY_RELU:
        case MYELIN_ACT_RECTIFIER: return v > 0.0f ? v : alpha * v;
        case MYELIN_ACT_ELU: return v > 0.0f ? v : alpha * expm1f(v);
        case MYELIN_ACT_SELU: return MYELIN_SELU_LAMBDA * (v > 0.0f ? v : MYELIN_SELU_ALPHA * expm1f(v));
        case MYELIN_ACT_SWISH: return v * myelin_sigmoid(v);
        case MYELIN_ACT_GELU_TANH: return 0.5f * v * (1.0f + tanhf(MYELIN_GELU_BETA * (v + MYELIN_GELU_KAPPA * (v * v * v))));
        case MYELIN_ACT_SOFTPLUS: return v > MYELIN_SOFTPLUS_THRESHOLD ? v : log1pf(expf(v));
        default: return v;  // IDENTITY
    }
}

// g·f'(z)
__device__ __forceinline__ float myelin_activate_backward(int kind, float alpha, float v, float g) {
    switch (kind) {
        case MYELIN_ACT_SIGMOID: {
            float s = myelin_sigmoid(v);
            return g * (s * (1.0f - s));
        }
        case MYELIN_ACT_TANH: {
            float t = tanhf(v);
            return g * (1.0f - t * t);
        }
        case MYELIN_ACT_RELU: return v > 0.0f ? g : 0.0f;
        case MYELIN_ACT_LEAKY_RELU:
        case MYELIN_ACT_RECTIFIER: return v > 0.0f ? g : alpha * g;
        case MYELIN_ACT_ELU: return v > 0.0f ? g : g * (alpha * expf(v));
        case MYELIN_ACT_SELU: return g * (MYELIN_SELU_LAMBDA * (v > 0.0f ? 1.0f : MYELIN_SELU_ALPHA * expf(v)));
        case MYELIN_ACT_SWISH: {
            float s = myelin_sigmoid(v);
            return g * (s + v * s * (1.0f - s));
        }
        case MYELIN_ACT_GELU_TANH: {
            float t = tanhf(MYELIN_GELU_BETA * (v + MYELIN_GELU_KAPPA * (v * v * v)));
            float inner = MYELIN_GELU_BETA * (1.0f + 3.0f * MYELIN_GELU_KAPPA * (v * v));
            return g * (0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * inner);
        }
        case MYELIN_ACT_SOFTPLUS: return v > MYELIN_SOFTPLUS_THRESHOLD ? g : g * myelin_sigmoid(v);
        default: return g;  // IDENTITY
    }
}

// out = f(z) over n elements; out may alias z.
extern "C" __global__ void myelin_activation_forward(int kind, float alpha, const float* z, float* out, int n) {
    MYELIN_GRID_STRIDE(i, n) { out[i] = myelin_activate(kind, alpha, z[i]); }
}

// gradZ = gradOut · f'(z) over n elements; gradZ may alias gradOut.
extern "C" __global__ void myelin_activation_backward(int kind, float alpha, const float* z, const float* gradOut, float* gradZ,
                                                      int n) {
    MYELIN_GRID_STRIDE(i, n) { gradZ[i] = myelin_activate_backward(kind, alpha, z[i], gradOut[i]); }
}

// A dense layer's bias and activation in one pass: z[i, j] += bias[j], then
// out = f(z), for z [rows, cols]; the bits of myelin_add_row_vector followed by
// myelin_activation_forward. out may alias z.
extern "C" __global__ void myelin_add_row_vector_activation(int kind, float alpha, float* z, const float* bias, float* out, int rows,
                                                            int cols) {
    MYELIN_GRID_STRIDE(i, (long long)rows * cols) {
        float v = z[i] + bias[i % cols];
        z[i] = v;
        out[i] = myelin_activate(kind, alpha, v);
    }
}

// A dense layer's activation gradient and bias gradient in one pass:
// gradZ = gradOut · f'(z), then biasGradient[j] = Σ_i gradZ[i, j], summed in
// double in myelin_column_sums's order: the bits of myelin_activation_backward
// followed by myelin_column_sums with beta = 0. gradZ may alias gradOut.
extern "C" __global__ void myelin_activation_backward_column_sums(int kind, float alpha, const float* z, const float* gradOut, float* gradZ,
                                                                  float* biasGradient, int rows, int cols) {
    myelin_require_column_block();
    __shared__ double scratch[MYELIN_COL_Y][MYELIN_COL_X + 1];
    int col = blockIdx.x * MYELIN_COL_X + threadIdx.x;
    double acc = 0.0;
    if (col < cols) {
        for (int r = threadIdx.y; r < rows; r += MYELIN_COL_Y) {
            long long e = (long long)r * cols + col;
            float g = myelin_activate_backward(kind, alpha, z[e], gradOut[e]);
            gradZ[e] = g;
            acc += g;
        }
    }
    double total = myelin_column_block_sum(acc, scratch);
    if (col < cols && threadIdx.y == 0) biasGradient[col] = (float)total;
}

// Row-wise softmax with max subtraction of z [rows, cols]; out may alias z.
// Sums in float.
extern "C" __global__ void myelin_softmax_forward(const float* z, float* out, int rows, int cols) {
    myelin_require_warp_block();
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= rows) return;  // the whole warp leaves: no shuffle is left waiting
    const float* zr = z + (long long)row * cols;
    float* orow = out + (long long)row * cols;
    float m, sum;
    myelin_row_max_sum_exp(zr, cols, lane, m, sum);
    float inv = 1.0f / sum;
    for (int j = lane; j < cols; j += 32) orow[j] = expf(zr[j] - m) * inv;
}

// Row-wise gradZ = out ⊙ (gradOut − Σ_j gradOut_j·out_j); gradZ may alias gradOut.
extern "C" __global__ void myelin_softmax_backward(const float* out, const float* gradOut, float* gradZ, int rows, int cols) {
    myelin_require_warp_block();
    int lane = threadIdx.x & 31;
    int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= rows) return;
    long long base = (long long)row * cols;
    float dot = 0.0f;
    for (int j = lane; j < cols; j += 32) dot += gradOut[base + j] * out[base + j];
    dot = myelin_warp_sum(dot);
    for (int j = lane; j < cols; j += 32) gradZ[base + j] = out[base + j] * (gradOut[base + j] - dot);
}
