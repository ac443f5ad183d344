// Copies in the three directions (sync and async, and unified cuMemcpy) and
// memsets. Each runs to completion before it returns, whatever the stream.
#include <cstring>

#include "memory.h"
#include "state.h"
#include "stream.h"

using namespace myelin_sim;

namespace {

enum class Direction { H2D, D2H, D2D };

void countCopy(Direction d, std::size_t bytes) {
    switch (d) {
        case Direction::H2D: myelin_sim_count(C_copies_h2d, 1); myelin_sim_count(C_bytes_h2d, int64_t(bytes)); break;
        case Direction::D2H: myelin_sim_count(C_copies_d2h, 1); myelin_sim_count(C_bytes_d2h, int64_t(bytes)); break;
        case Direction::D2D: myelin_sim_count(C_copies_d2d, 1); myelin_sim_count(C_bytes_d2d, int64_t(bytes)); break;
    }
}

CUresult copy(Direction d, void* dst, const void* src, std::size_t bytes, CUstream stream, bool async) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (async)
        if (CUresult r = checkStream(stream)) return r;
    if (bytes == 0) return CUDA_SUCCESS;
    if (dst == nullptr || src == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null copy address");
    if (d != Direction::H2D)
        if (CUresult r = checkDeviceRange(reinterpret_cast<CUdeviceptr>(src), bytes, "copy source")) return r;
    if (d != Direction::D2H)
        if (CUresult r = checkDeviceRange(reinterpret_cast<CUdeviceptr>(dst), bytes, "copy destination")) return r;
    std::memmove(dst, src, bytes);
    countCopy(d, bytes);
    return CUDA_SUCCESS;
}

template <typename T>
CUresult memsetElements(CUdeviceptr dst, T value, std::size_t count, CUstream stream, bool async) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (async)
        if (CUresult r = checkStream(stream)) return r;
    if (count == 0) return CUDA_SUCCESS;
    if (dst % sizeof(T) != 0) return fail(CUDA_ERROR_INVALID_VALUE, "memset destination is misaligned");
    if (CUresult r = checkDeviceRange(dst, count * sizeof(T), "memset destination")) return r;
    T* p = reinterpret_cast<T*>(dst);
    for (std::size_t i = 0; i < count; i++) p[i] = value;
    myelin_sim_count(C_memsets, 1);
    myelin_sim_count(C_bytes_memset, int64_t(count * sizeof(T)));
    return CUDA_SUCCESS;
}

}  // namespace

MYELIN_SIM_API CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, std::size_t n) {
    return copy(Direction::H2D, reinterpret_cast<void*>(dst), src, n, nullptr, false);
}
MYELIN_SIM_API CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, std::size_t n) {
    return copy(Direction::D2H, dst, reinterpret_cast<const void*>(src), n, nullptr, false);
}
MYELIN_SIM_API CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, std::size_t n) {
    return copy(Direction::D2D, reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), n, nullptr, false);
}
MYELIN_SIM_API CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, std::size_t n, CUstream s) {
    return copy(Direction::H2D, reinterpret_cast<void*>(dst), src, n, s, true);
}
MYELIN_SIM_API CUresult cuMemcpyDtoHAsync_v2(void* dst, CUdeviceptr src, std::size_t n, CUstream s) {
    return copy(Direction::D2H, dst, reinterpret_cast<const void*>(src), n, s, true);
}
MYELIN_SIM_API CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, std::size_t n, CUstream s) {
    return copy(Direction::D2D, reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), n, s, true);
}

namespace {
// Unified-addressing copies: the direction follows from where each side lives.
Direction directionOf(CUdeviceptr dst, CUdeviceptr src) {
    bool dstDevice = classify(reinterpret_cast<void*>(dst), 1) == Space::Device;
    bool srcDevice = classify(reinterpret_cast<void*>(src), 1) == Space::Device;
    if (dstDevice && srcDevice) return Direction::D2D;
    return dstDevice ? Direction::H2D : Direction::D2H;
}
}  // namespace

MYELIN_SIM_API CUresult cuMemcpy(CUdeviceptr dst, CUdeviceptr src, std::size_t n) {
    ApiLock lock(apiLock());
    return copy(directionOf(dst, src), reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), n, nullptr, false);
}
MYELIN_SIM_API CUresult cuMemcpyAsync(CUdeviceptr dst, CUdeviceptr src, std::size_t n, CUstream s) {
    ApiLock lock(apiLock());
    return copy(directionOf(dst, src), reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), n, s, true);
}

MYELIN_SIM_API CUresult cuMemsetD8_v2(CUdeviceptr dst, unsigned char v, std::size_t n) {
    return memsetElements<uint8_t>(dst, v, n, nullptr, false);
}
MYELIN_SIM_API CUresult cuMemsetD16_v2(CUdeviceptr dst, unsigned short v, std::size_t n) {
    return memsetElements<uint16_t>(dst, v, n, nullptr, false);
}
MYELIN_SIM_API CUresult cuMemsetD32_v2(CUdeviceptr dst, unsigned int v, std::size_t n) {
    return memsetElements<uint32_t>(dst, v, n, nullptr, false);
}
MYELIN_SIM_API CUresult cuMemsetD8Async(CUdeviceptr dst, unsigned char v, std::size_t n, CUstream s) {
    return memsetElements<uint8_t>(dst, v, n, s, true);
}
MYELIN_SIM_API CUresult cuMemsetD16Async(CUdeviceptr dst, unsigned short v, std::size_t n, CUstream s) {
    return memsetElements<uint16_t>(dst, v, n, s, true);
}
MYELIN_SIM_API CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned int v, std::size_t n, CUstream s) {
    return memsetElements<uint32_t>(dst, v, n, s, true);
}
