// Deliberately broken kernels, each next to its correct twin: test fixtures
// showing that the simulator's check schedule (forward against random order,
// shared memory and workspaces poisoned) catches order bugs that one fixed
// order hides. Never use these as examples.
#include <cuda_runtime.h>

// out[t] = x[(t + 1) % blockDim.x] through shared memory, for one block.
// BROKEN: no __syncthreads() between the store and the neighbour's load, so a
// thread may read its neighbour's slot before the neighbour wrote it.
extern "C" __global__ void rotate_missing_barrier(const float* x, float* out) {
    __shared__ float s[1024];
    unsigned t = threadIdx.x;
    s[t] = x[t];
    out[t] = s[(t + 1) % blockDim.x];
}

// The twin with the barrier.
extern "C" __global__ void rotate(const float* x, float* out) {
    __shared__ float s[1024];
    unsigned t = threadIdx.x;
    s[t] = x[t];
    __syncthreads();
    out[t] = s[(t + 1) % blockDim.x];
}

// This block's grid-stride partial sum of x (n elements) through s (one slot a
// thread), stored by thread 0 in partials[blockIdx.x]; correct in both twins below.
__device__ void storeBlockPartial(const float* x, int n, double* s, double* partials) {
    double acc = 0.0;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) acc += x[i];
    s[threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.x == 0) {
        double b = 0.0;
        for (unsigned k = 0; k < blockDim.x; k++) b += s[k];
        partials[blockIdx.x] = b;
    }
}

// out[0] = Σ x over n elements: each block (of 256 threads) stores its partial
// sum in partials[blockIdx.x], then one block adds the partials.
// BROKEN: "the block that adds" is the block with the highest index, which is
// not the last to finish: blocks run in any order.
extern "C" __global__ void sum_last_block_by_index(const float* x, int n, double* partials, float* out) {
    __shared__ double s[256];
    storeBlockPartial(x, n, s, partials);
    if (blockIdx.x == gridDim.x - 1 && threadIdx.x == 0) {
        double total = 0.0;
        for (unsigned k = 0; k < gridDim.x; k++) total += partials[k];
        out[0] = (float)total;
    }
}

// The twin: the last block to finish, found by a ticket (the shape of the real reductions).
extern "C" __global__ void sum_last_block_by_ticket(const float* x, int n, double* partials, unsigned* counter, float* out) {
    __shared__ double s[256];
    __shared__ bool last;
    storeBlockPartial(x, n, s, partials);
    if (threadIdx.x == 0) {
        __threadfence();
        last = atomicInc(counter, gridDim.x - 1) == gridDim.x - 1;
    }
    __syncthreads();
    if (last && threadIdx.x == 0) {
        __threadfence();
        double total = 0.0;
        for (unsigned k = 0; k < gridDim.x; k++) total += ((volatile double*)partials)[k];
        out[0] = (float)total;
    }
}

// Lane t takes lane t + 1's value with a mask of the even lanes only.
// BROKEN: odd lanes call a shuffle whose mask leaves them out, and even lanes
// read odd lanes the mask does not name.
extern "C" __global__ void shuffle_outside_mask(const float* x, float* out) {
    unsigned t = threadIdx.x;
    out[t] = __shfl_sync(0x55555555u, x[t], (t + 1) & 31);
}

// Even lanes only, reading lanes outside the mask: the value read is undefined.
extern "C" __global__ void shuffle_reads_outside_mask(const float* x, float* out) {
    unsigned t = threadIdx.x;
    if ((t & 1) == 0) out[t] = __shfl_sync(0x55555555u, x[t], (t + 1) & 31);
}

// out[i] = (int)x[i] for one block of n threads.
// BROKEN: a NaN or an x outside the int range converts to INT_MIN on x86 and
// to 0 or a saturated value on a GPU (undefined in C++: UBSan's
// float-cast-overflow reports it).
extern "C" __global__ void float_to_int(const float* x, int* out, int n) {
    int i = threadIdx.x;
    if (i < n) out[i] = (int)x[i];
}

// The twin: decides in float first (-1 for anything outside [0, 2^31)).
extern "C" __global__ void float_to_int_checked(const float* x, int* out, int n) {
    int i = threadIdx.x;
    if (i < n) out[i] = (x[i] >= 0.0f && x[i] < 2147483648.0f) ? (int)x[i] : -1;
}

// BROKEN: writes out[n], one element past the end of an n-element buffer.
extern "C" __global__ void write_one_past_end(const float* x, int* out, int n) {
    if (threadIdx.x == 0) out[n] = 1;
}
