// cuInit, the driver version and the one simulated device.
#include <cstdio>
#include <cstring>

#include "state.h"

using namespace myelin_sim;

namespace {

// Values a Turing (sm_75) board reports; what is not listed reads as 0.
int attributeValue(int attribute) {
    switch (attribute) {
        case 1: return DeviceLimits::maxThreadsPerBlock;
        case 2: case 3: case 4: return DeviceLimits::maxBlockDim[attribute - 2];
        case 5: case 6: case 7: return int(DeviceLimits::maxGridDim[attribute - 5]);
        case 8: return DeviceLimits::sharedPerBlock;
        case 9: return 64 * 1024;          // constant memory
        case 10: return 32;                // warp size
        case 11: return 2147483647;        // max pitch
        case 12: return 65536;             // registers per block
        case 13: return 1590000;           // clock rate, kHz
        case 14: return 512;               // texture alignment
        case 15: return 1;                 // copy/compute overlap
        case 16: return DeviceLimits::multiprocessors;
        case 19: return 1;                 // can map host memory
        case 31: return 1;                 // concurrent kernels
        case 36: return 5001000;           // memory clock, kHz
        case 37: return 256;               // bus width
        case 38: return 4 * 1024 * 1024;   // L2
        case 39: return 1024;              // threads per multiprocessor
        case 40: return 3;                 // async engines
        case 41: return 1;                 // unified addressing
        case 75: return computeCapability() / 10;
        case 76: return computeCapability() % 10;
        case 81: return 64 * 1024;         // shared per multiprocessor
        case 82: return 65536;             // registers per multiprocessor
        case 83: return 1;                 // managed memory
        case 97: return DeviceLimits::sharedPerBlockOptin;
        default: return 0;
    }
}

// Writes `text` into the caller's buffer of `len` bytes (cut to fit, NUL-terminated).
CUresult deviceText(char* out, int len, CUdevice dev, const char* text, const char* badBuffer) {
    ApiLock lock(apiLock());
    if (CUresult r = checkDevice(dev)) return r;
    if (out == nullptr || len <= 0) return fail(CUDA_ERROR_INVALID_VALUE, badBuffer);
    std::snprintf(out, std::size_t(len), "%s", text);
    return CUDA_SUCCESS;
}

}  // namespace

MYELIN_SIM_API CUresult cuInit(unsigned int flags) {
    ApiLock lock(apiLock());
    if (flags != 0) return fail(CUDA_ERROR_INVALID_VALUE, "cuInit flags must be 0");
    markInitialised();
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDriverGetVersion(int* version) {
    if (version == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null version");
    *version = driverVersion();
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDeviceGetCount(int* count) {
    return answer(count, "null count", requireInitialised, [] { return 1; });
}

MYELIN_SIM_API CUresult cuDeviceGet(CUdevice* device, int ordinal) {
    return answer(device, "null device", [=] { return checkDevice(ordinal); }, [=] { return ordinal; });
}

MYELIN_SIM_API CUresult cuDeviceGetName(char* name, int len, CUdevice dev) {
    return deviceText(name, len, dev, "Myelin Simulated Device (sm_75)", "bad name buffer");
}

MYELIN_SIM_API CUresult cuDeviceGetAttribute(int* value, int attribute, CUdevice dev) {
    ApiLock lock(apiLock());
    if (value == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null value");
    if (CUresult r = checkDevice(dev)) return r;
    if (attribute <= 0 || attribute > 150) return fail(CUDA_ERROR_INVALID_VALUE, "unknown attribute");
    *value = attributeValue(attribute);
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDeviceComputeCapability(int* major, int* minor, CUdevice dev) {
    ApiLock lock(apiLock());
    if (major == nullptr || minor == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null output");
    if (CUresult r = checkDevice(dev)) return r;
    *major = computeCapability() / 10;
    *minor = computeCapability() % 10;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuDeviceTotalMem_v2(std::size_t* bytes, CUdevice dev) {
    return answer(bytes, "null bytes", [=] { return checkDevice(dev); }, totalDeviceMemory);
}

MYELIN_SIM_API CUresult cuDeviceGetPCIBusId(char* id, int len, CUdevice dev) {
    return deviceText(id, len, dev, "0000:00:00.0", "bad bus id buffer");
}

// A fixed UUID: tests that compare devices see one stable identity.
MYELIN_SIM_API CUresult cuDeviceGetUuid(unsigned char* uuid, CUdevice dev) {
    ApiLock lock(apiLock());
    if (CUresult r = checkDevice(dev)) return r;
    if (uuid == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null uuid");
    static const unsigned char kUuid[16] = {'m', 'y', 'e', 'l', 'i', 'n', '-', 's', 'i', 'm', 0, 0, 0, 0, 0, 1};
    std::memcpy(uuid, kUuid, 16);
    return CUDA_SUCCESS;
}
