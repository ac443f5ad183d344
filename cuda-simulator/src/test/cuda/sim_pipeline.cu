// The kernel the end-to-end simulator test launches around a cuBLAS GEMM:
// y[r, c] = relu(y[r, c] + bias[c]) on a row-major [rows, cols] matrix.
extern "C" __global__ void bias_relu(float* y, const float* bias, int rows, int cols) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < rows * cols) {
        float v = y[i] + bias[i % cols];
        y[i] = v > 0.0f ? v : 0.0f;
    }
}
