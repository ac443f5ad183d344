// Device-code features the real kernels use, to keep the emulation header
// honest: struct parameters passed by value, __restrict__, __launch_bounds__,
// #pragma unroll, grid-stride loops, float4 loads, __forceinline__ helpers
// in a namespace, fast-math intrinsics and integer intrinsics.
#include <cuda_runtime.h>

namespace myelin_test {
__device__ __forceinline__ float sigmoid(float x) { return 1.0f / (1.0f + __expf(-x)); }
}  // namespace myelin_test

struct AdamSettings {
    float learningRate;
    float beta1;
    float beta2;
    float epsilon;
    int step;
};

// One Adam step over a flat parameter buffer (the shape of the fused optimiser kernels).
extern "C" __global__ void __launch_bounds__(256) adam_step(float* __restrict__ params, const float* __restrict__ grads,
                                                            float* __restrict__ m, float* __restrict__ v,
                                                            AdamSettings s, int n) {
    float correction1 = 1.0f - powf(s.beta1, float(s.step));
    float correction2 = 1.0f - powf(s.beta2, float(s.step));
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        float g = grads[i];
        float mi = s.beta1 * m[i] + (1.0f - s.beta1) * g;
        float vi = s.beta2 * v[i] + (1.0f - s.beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        params[i] -= s.learningRate * (mi / correction1) / (sqrtf(vi / correction2) + s.epsilon);
    }
}

// out = sigmoid(in) four at a time through float4.
extern "C" __global__ void sigmoid4(const float4* __restrict__ in, float4* __restrict__ out, int n4) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n4) {
        float4 x = in[i];
        out[i] = make_float4(myelin_test::sigmoid(x.x), myelin_test::sigmoid(x.y), myelin_test::sigmoid(x.z),
                             myelin_test::sigmoid(x.w));
    }
}

// Integer intrinsics: high word of a 32x32 product, population count, and a
// fixed-trip loop the compiler is asked to unroll.
extern "C" __global__ void integer_mix(const unsigned* a, const unsigned* b, unsigned* hi, int* bits, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    hi[i] = __umulhi(a[i], b[i]);
    int total = 0;
#pragma unroll
    for (int k = 0; k < 4; k++) total += __popc(a[i] >> (8 * k) & 0xffu);
    bits[i] = total;
}
