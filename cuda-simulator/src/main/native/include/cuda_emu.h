// Lets g++ compile a CUDA .cu file into code the simulator runs: every CUDA
// thread becomes a fiber, so device code is ordinary C++ and the built-ins
// below read the state of the fiber that is running. Forced in with
// `-include cuda_emu.h`; a .cu file never includes it itself.
#pragma once
#include <algorithm>
#include <atomic>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include "myelin_sim_abi.h"

// ---- qualifiers ---------------------------------------------------------
#define __global__
#define __device__
#define __host__
#define __constant__
#define __managed__
// One block runs at a time, so one static copy per process is exactly one
// copy per block. All of a library's copies share one section, which the
// block runner fills with poison (NaN bytes) at each block start.
#define __shared__ static __attribute__((section("myelin_sim_shared")))
#define __forceinline__ inline __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#define __align__(n) __attribute__((aligned(n)))
#define __launch_bounds__(...)
#define __CUDACC_SIM__ 1

// ---- thread geometry ----------------------------------------------------
#define threadIdx (myelin_sim_current->threadIdx)
#define blockIdx (myelin_sim_current->blockIdx)
#define blockDim (myelin_sim_current->blockDim)
#define gridDim (myelin_sim_current->gridDim)
static constexpr int warpSize = 32;

// ---- vector types -------------------------------------------------------
struct int2 { int x, y; };
struct int4 { int x, y, z, w; };
struct uint2 { unsigned int x, y; };
struct uint4 { unsigned int x, y, z, w; };
struct float2 { float x, y; };
struct __attribute__((aligned(16))) float4 { float x, y, z, w; };
struct double2 { double x, y; };
inline float2 make_float2(float x, float y) { return float2{x, y}; }
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }
inline int2 make_int2(int x, int y) { return int2{x, y}; }
inline uint3 make_uint3(unsigned x, unsigned y, unsigned z) { return uint3{x, y, z}; }
inline uint4 make_uint4(unsigned x, unsigned y, unsigned z, unsigned w) { return uint4{x, y, z, w}; }
inline double2 make_double2(double x, double y) { return double2{x, y}; }

// ---- barriers and fences --------------------------------------------------
inline void __syncthreads() { myelin_sim_syncthreads(); }
inline int __syncthreads_count(int p) { return myelin_sim_syncthreads_count(p); }
inline int __syncthreads_and(int p) {
    return myelin_sim_syncthreads_count(p) == int(blockDim.x * blockDim.y * blockDim.z);
}
inline int __syncthreads_or(int p) { return myelin_sim_syncthreads_count(p) != 0; }
inline void __syncwarp(unsigned mask = 0xffffffffu) { myelin_sim_syncwarp(mask); }
[[noreturn]] inline void __trap() { myelin_sim_trap(); }
// Fibers never run at the same time, so fences only have to stop the compiler.
inline void __threadfence() { std::atomic_signal_fence(std::memory_order_seq_cst); }
inline void __threadfence_block() { std::atomic_signal_fence(std::memory_order_seq_cst); }

// ---- warp intrinsics ------------------------------------------------------
namespace myelin_sim_detail {
template <typename T> inline uint64_t bits(T v) {
    static_assert(sizeof(T) <= 8, "shuffle of a type wider than 8 bytes");
    uint64_t b = 0;
    std::memcpy(&b, &v, sizeof(T));
    return b;
}
template <typename T> inline T unbits(uint64_t b) {
    T v;
    std::memcpy(&v, &b, sizeof(T));
    return v;
}
inline unsigned lane() { return myelin_sim_current->lane; }
// Reading a lane the mask leaves out is undefined on a GPU: here it gives poison
// (every bit set: NaN, or -1).
template <typename T> inline T shuffleFrom(unsigned mask, T v, unsigned src) {
    const uint64_t* all = myelin_sim_warp_exchange(mask, bits(v));
    return unbits<T>((mask >> (src & 31u) & 1u) ? all[src & 31u] : ~uint64_t(0));
}
}  // namespace myelin_sim_detail

template <typename T> inline T __shfl_sync(unsigned mask, T v, int srcLane, int width = warpSize) {
    unsigned l = myelin_sim_detail::lane();
    unsigned base = l & ~unsigned(width - 1);
    return myelin_sim_detail::shuffleFrom(mask, v, base + (unsigned(srcLane) % unsigned(width)));
}
template <typename T> inline T __shfl_up_sync(unsigned mask, T v, unsigned delta, int width = warpSize) {
    unsigned l = myelin_sim_detail::lane();
    unsigned inSegment = l & unsigned(width - 1);
    return myelin_sim_detail::shuffleFrom(mask, v, inSegment >= delta ? l - delta : l);
}
template <typename T> inline T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = warpSize) {
    unsigned l = myelin_sim_detail::lane();
    unsigned inSegment = l & unsigned(width - 1);
    return myelin_sim_detail::shuffleFrom(mask, v, inSegment + delta < unsigned(width) ? l + delta : l);
}
template <typename T> inline T __shfl_xor_sync(unsigned mask, T v, int laneMask, int width = warpSize) {
    unsigned l = myelin_sim_detail::lane();
    unsigned src = l ^ unsigned(laneMask);
    if ((src & ~unsigned(width - 1)) != (l & ~unsigned(width - 1))) src = l;
    return myelin_sim_detail::shuffleFrom(mask, v, src);
}
inline unsigned __ballot_sync(unsigned mask, int predicate) {
    const uint64_t* all = myelin_sim_warp_exchange(mask, predicate != 0);
    unsigned r = 0;
    for (unsigned i = 0; i < 32; i++)
        if ((mask >> i & 1u) && all[i]) r |= 1u << i;
    return r;
}
inline int __any_sync(unsigned mask, int p) { return __ballot_sync(mask, p) != 0; }
inline int __all_sync(unsigned mask, int p) { return __ballot_sync(mask, p) == __ballot_sync(mask, 1); }
inline unsigned __activemask() {
    unsigned n = blockDim.x * blockDim.y * blockDim.z;
    unsigned first = myelin_sim_current->linearId & ~31u;
    unsigned present = n - first >= 32 ? 32 : n - first;
    return present == 32 ? 0xffffffffu : (1u << present) - 1u;
}

// ---- atomics: a fiber is never pre-empted, so a plain read-modify-write is
// atomic; this is also why float atomics come out in a fixed order here.
#define MYELIN_SIM_ATOMIC(name, expr)                                   \
    template <typename T, typename U> inline T name(T* address, U val) { \
        T old = *address;                                               \
        *address = (expr);                                              \
        return old;                                                     \
    }
MYELIN_SIM_ATOMIC(atomicAdd, T(old + T(val)))
MYELIN_SIM_ATOMIC(atomicSub, T(old - T(val)))
MYELIN_SIM_ATOMIC(atomicExch, T(val))
MYELIN_SIM_ATOMIC(atomicMin, (T(val) < old ? T(val) : old))
MYELIN_SIM_ATOMIC(atomicMax, (T(val) > old ? T(val) : old))
MYELIN_SIM_ATOMIC(atomicAnd, T(old & T(val)))
MYELIN_SIM_ATOMIC(atomicOr, T(old | T(val)))
MYELIN_SIM_ATOMIC(atomicXor, T(old ^ T(val)))
#undef MYELIN_SIM_ATOMIC
template <typename T> inline T atomicCAS(T* address, T compare, T val) {
    T old = *address;
    if (old == compare) *address = val;
    return old;
}
inline unsigned atomicInc(unsigned* address, unsigned val) {
    unsigned old = *address;
    *address = old >= val ? 0u : old + 1u;
    return old;
}
inline unsigned atomicDec(unsigned* address, unsigned val) {
    unsigned old = *address;
    *address = (old == 0u || old > val) ? val : old - 1u;
    return old;
}

// ---- math and bit intrinsics --------------------------------------------
using std::isfinite;
using std::isinf;
using std::isnan;
#define MYELIN_SIM_MINMAX(T)                                  \
    inline T min(T a, T b) { return a < b ? a : b; }          \
    inline T max(T a, T b) { return a > b ? a : b; }
MYELIN_SIM_MINMAX(int)
MYELIN_SIM_MINMAX(unsigned int)
MYELIN_SIM_MINMAX(long long)
MYELIN_SIM_MINMAX(unsigned long long)
#undef MYELIN_SIM_MINMAX
inline float min(float a, float b) { return fminf(a, b); }
inline float max(float a, float b) { return fmaxf(a, b); }
inline double min(double a, double b) { return fmin(a, b); }
inline double max(double a, double b) { return fmax(a, b); }
inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
inline double rsqrt(double x) { return 1.0 / sqrt(x); }
inline float __expf(float x) { return expf(x); }
inline float __logf(float x) { return logf(x); }
inline float __log2f(float x) { return log2f(x); }
inline float __powf(float x, float y) { return powf(x, y); }
inline float __sinf(float x) { return sinf(x); }
inline float __cosf(float x) { return cosf(x); }
inline float __tanhf(float x) { return tanhf(x); }
inline float __fdividef(float x, float y) { return x / y; }
inline float __frcp_rn(float x) { return 1.0f / x; }
inline float __fsqrt_rn(float x) { return sqrtf(x); }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fmaf_rn(float a, float b, float c) { return fmaf(a, b, c); }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __fma_rn(double a, double b, double c) { return fma(a, b, c); }
inline float __saturatef(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : (x != x ? 0.0f : x)); }
inline float exp10f(float x) { return powf(10.0f, x); }
inline int __float2int_rn(float x) { return int(nearbyintf(x)); }
inline int __float2int_rz(float x) { return int(x); }
inline int __float2int_rd(float x) { return int(floorf(x)); }
inline int __float2int_ru(float x) { return int(ceilf(x)); }
inline unsigned __float2uint_rn(float x) { return unsigned(nearbyintf(x)); }
inline float __int2float_rn(int x) { return float(x); }
inline float __uint2float_rn(unsigned x) { return float(x); }
inline int __float_as_int(float x) { return myelin_sim_detail::unbits<int>(myelin_sim_detail::bits(x)); }
inline unsigned __float_as_uint(float x) { return myelin_sim_detail::unbits<unsigned>(myelin_sim_detail::bits(x)); }
inline float __int_as_float(int x) { return myelin_sim_detail::unbits<float>(myelin_sim_detail::bits(x)); }
inline float __uint_as_float(unsigned x) { return myelin_sim_detail::unbits<float>(myelin_sim_detail::bits(x)); }
inline long long __double_as_longlong(double x) { return myelin_sim_detail::unbits<long long>(myelin_sim_detail::bits(x)); }
inline double __longlong_as_double(long long x) { return myelin_sim_detail::unbits<double>(myelin_sim_detail::bits(x)); }
inline unsigned __umulhi(unsigned a, unsigned b) { return unsigned((uint64_t(a) * b) >> 32); }
inline int __mulhi(int a, int b) { return int((int64_t(a) * b) >> 32); }
inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
    return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __clz(unsigned x) { return x == 0 ? 32 : __builtin_clz(x); }
inline int __ffs(unsigned x) { return __builtin_ffs(int(x)); }
inline unsigned __brev(unsigned x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    return __builtin_bswap32(x);
}
template <typename T> inline T __ldg(const T* p) { return *p; }
inline long long clock64() { return (long long)__builtin_ia32_rdtsc(); }
