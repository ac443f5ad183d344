// Kernels that exercise what the simulator emulates: thread geometry,
// barriers, static and dynamic shared memory, warp shuffles and votes,
// atomics, and a barrier that can never complete. Each has a CPU-side
// expectation in dev.myelin.sim.SimulatorEmulationTest.

// Every thread writes its global linear id and its coordinates.
extern "C" __global__ void write_geometry(int* out) {
    unsigned bx = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);
    unsigned tx = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    unsigned id = bx * (blockDim.x * blockDim.y * blockDim.z) + tx;
    int* o = out + 4 * id;
    o[0] = int(id);
    o[1] = int(threadIdx.x + 10 * threadIdx.y + 100 * threadIdx.z);
    o[2] = int(blockIdx.x + 10 * blockIdx.y + 100 * blockIdx.z);
    o[3] = int(blockDim.x + 10 * blockDim.y + 100 * blockDim.z + 1000 * (gridDim.x * gridDim.y * gridDim.z));
}

// Tree reduction of in (n elements) through partial (a slot a thread): one
// partial sum per block. Only correct if every __syncthreads() really waits
// for the whole block.
template <class T>
__device__ void treeReduce(const T* in, T* out, int n, T* partial) {
    unsigned t = threadIdx.x;
    unsigned i = blockIdx.x * blockDim.x + t;
    partial[t] = i < unsigned(n) ? in[i] : T(0);
    __syncthreads();
    for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (t < stride) partial[t] += partial[t + stride];
        __syncthreads();
    }
    if (t == 0) out[blockIdx.x] = partial[0];
}

// The reduction through static shared memory.
extern "C" __global__ void reduce_static(const float* in, float* out, int n) {
    __shared__ float partial[256];
    treeReduce(in, out, n, partial);
}

// The same reduction in dynamic shared memory (size given at launch), in
// double to tell it apart from the static version.
extern "C" __global__ void reduce_dynamic(const double* in, double* out, int n) {
    extern __shared__ double scratch[];
    treeReduce(in, out, n, scratch);
}

// Per warp: sum by __shfl_down_sync, lane 0's value broadcast by
// __shfl_sync, butterfly max by __shfl_xor_sync, prefix by __shfl_up_sync.
// out[4*gid + 0..3] = sum, broadcast, max, inclusive prefix sum.
extern "C" __global__ void warp_shuffles(const float* in, float* out) {
    unsigned gid = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned lane = threadIdx.x % 32;
    float v = in[gid];
    float sum = v;
    for (int offset = 16; offset > 0; offset /= 2) sum += __shfl_down_sync(0xffffffffu, sum, offset);
    float first = __shfl_sync(0xffffffffu, v, 0);
    float mx = v;
    for (int mask = 16; mask > 0; mask /= 2) mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, mask));
    float prefix = v;
    for (int delta = 1; delta < 32; delta *= 2) {
        float other = __shfl_up_sync(0xffffffffu, prefix, delta);
        if (lane >= unsigned(delta)) prefix += other;
    }
    out[4 * gid + 0] = sum;
    out[4 * gid + 1] = first;
    out[4 * gid + 2] = mx;
    out[4 * gid + 3] = prefix;
}

// __ballot_sync and __syncthreads_count on the predicate "thread id is odd".
extern "C" __global__ void votes(unsigned* ballots, int* counts) {
    unsigned t = threadIdx.x;
    unsigned ballot = __ballot_sync(0xffffffffu, t % 2 == 1);
    int count = __syncthreads_count(t % 2 == 1);
    if (t % 32 == 0) ballots[blockIdx.x * (blockDim.x / 32) + t / 32] = ballot;
    if (t == 0) counts[blockIdx.x] = count;
}

// Every thread adds into one float, one double and one int.
extern "C" __global__ void atomics(const float* in, float* fsum, double* dsum, int* count, unsigned* maxIndex, int n) {
    unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= unsigned(n)) return;
    atomicAdd(fsum, in[i]);
    atomicAdd(dsum, double(in[i]));
    atomicAdd(count, 1);
    atomicMax(maxIndex, i);
}

// Threads 16.. exit while threads 0..15 wait at a barrier: can never finish.
extern "C" __global__ void divergent_barrier(int* out) {
    if (threadIdx.x < 16) {
        __syncthreads();
        out[threadIdx.x] = 1;
    }
}

// A C++ (mangled) kernel, to check entries are bound by their mangled name.
template <typename T> __global__ void scale(T* x, T factor, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) x[i] *= factor;
}
template __global__ void scale<float>(float*, float, int);
template __global__ void scale<double>(double*, double, int);

// The benchmark's reduction: two full block reductions in a row, 10
// barriers each for 256 threads (1 + log2(256) + 1), 20 in all.
// out[block] = sum of the block's inputs times the block size.
extern "C" __global__ void reduce_twenty_barriers(const float* in, float* out) {
    __shared__ float s[256];
    unsigned t = threadIdx.x;
    float v = in[blockIdx.x * blockDim.x + t];
    for (int pass = 0; pass < 2; pass++) {
        s[t] = v;
        __syncthreads();
        for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
            if (t < stride) s[t] += s[t + stride];
            __syncthreads();
        }
        v = s[0];
        __syncthreads();
    }
    if (t == 0) out[blockIdx.x] = v;
}

// Lane 0 exits while the other lanes shuffle with a full mask: they wait for a
// lane that never arrives.
extern "C" __global__ void shuffle_missing_lane(float* out) {
    if (threadIdx.x % 32 == 0) return;
    out[threadIdx.x] = __shfl_down_sync(0xffffffffu, float(threadIdx.x), 1);
}

// Module variables the host sets and reads through cuModuleGetGlobal.
__constant__ float scale_table[4];
__device__ unsigned int elements_seen;

extern "C" __global__ void scale_by_table(float* x, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        x[i] *= scale_table[i % 4];
        atomicAdd(&elements_seen, 1u);
    }
}

// Sums within segments of 8 lanes (__shfl_xor_sync with width 8), in blocks
// whose last warp is partial: every lane ends with its segment's sum.
extern "C" __global__ void segment_sums(const int* in, int* out) {
    unsigned gid = blockIdx.x * blockDim.x + threadIdx.x;
    int v = in[gid];
    for (int offset = 4; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset, 8);
    out[gid] = v;
}
