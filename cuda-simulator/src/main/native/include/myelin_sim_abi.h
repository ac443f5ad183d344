// The contract between the simulated driver (libcuda.so.1) and the kernel
// libraries built by g++ from .cu files. Both sides include this header; a
// kernel library only ever sees these few symbols of the simulator.
#pragma once
#include <cstddef>
#include <cstdint>

struct uint3 { unsigned int x, y, z; };

struct dim3 {
    unsigned int x, y, z;
    constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
    constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
    constexpr operator uint3() const { return uint3{x, y, z}; }
};

// What a simulated CUDA thread can ask about itself; one per fiber.
struct MyelinSimThread {
    uint3 threadIdx;
    uint3 blockIdx;
    dim3 blockDim;
    dim3 gridDim;
    unsigned int lane;           // index within its warp
    unsigned int linearId;       // threadIdx flattened x-fastest, as the hardware numbers lanes
};

// One kernel of a kernel library: the PTX entry name it stands for, the byte
// size of each parameter (checked against the PTX so a stale build is refused)
// and the function that unpacks cuLaunchKernel's kernelParams and calls it.
struct MyelinSimKernel {
    const char* name;
    int paramCount;
    const unsigned int* paramSizes;
    void* function;
    void (*invoke)(void* function, void** params);
    unsigned int staticSharedBytes;  // from the PTX nvcc made of the same source
    // The library's static __shared__ variables (all in one section), which
    // the block runner poisons at each block start; null when it has none.
    unsigned char* sharedBegin;
    unsigned char* sharedEnd;
};

extern "C" {
// Set by the block runner before it resumes a fiber.
extern MyelinSimThread* myelin_sim_current;
// Fixed arena every `extern __shared__` array of every kernel points at; it
// never moves, so a pointer to it can be taken once.
extern unsigned char myelin_sim_dynamic_shared[];
void myelin_sim_syncthreads(void);
void myelin_sim_syncwarp(unsigned int mask);
// Publishes this lane's value to its warp and returns the 32 published values
// once every lane in `mask` has published; valid until this lane's next-but-one
// exchange.
const uint64_t* myelin_sim_warp_exchange(unsigned int mask, uint64_t value);
// Block-wide count of non-zero predicates, with barrier semantics.
int myelin_sim_syncthreads_count(int predicate);
// __trap(): ends the launch with CUDA_ERROR_LAUNCH_FAILED, naming the thread.
[[noreturn]] void myelin_sim_trap(void);

// Exported by every kernel library: its kernels, and the .cu file they were
// built from (base name, e.g. "adam.cu").
typedef const MyelinSimKernel* (*MyelinSimKernelTable)(int* count);
typedef const char* (*MyelinSimKernelSource)(void);

// For the NVRTC stand-in (native/nvrtc/): writes into `buffer` the simulator image
// (see driver/module_image.h) listing the kernels built from `source` (base
// name of the .cu file, e.g. "adam.cu"), which cuModuleLoadData then accepts
// as NVRTC's CUBIN. Returns the image length without its NUL (the buffer
// needs one byte more; nothing is written if it is too small), or -1 when no
// kernel library was built from that source.
long myelin_sim_image_for_source(const char* source, char* buffer, size_t capacity);
}

#define MYELIN_SIM_DYNAMIC_SHARED_BYTES (256u * 1024u)
