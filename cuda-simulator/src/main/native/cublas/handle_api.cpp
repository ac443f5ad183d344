// cuBLAS handles and their settings: stream, math mode, pointer mode.
#include <cstddef>
#include <mutex>

#include "../common/live_set.h"
#include "../driver/counters.h"
#include "handle.h"

using myelin_sim::C_cublas_calls;

namespace myelin_sim {
LiveSet<SimCublas>& liveHandles() {
    static LiveSet<SimCublas> handles;
    return handles;
}
std::mutex& cublasLock() { return liveHandles().lock(); }
bool isLiveHandle(SimCublas* h) { return liveHandles().contains(h); }
}  // namespace myelin_sim

using namespace myelin_sim;

namespace {
using Lock = std::lock_guard<std::mutex>;
cublasStatus_t counted(cublasStatus_t status) {
    myelin_sim_count(C_cublas_calls, 1);
    if (status != CUBLAS_STATUS_SUCCESS) myelin_sim_note_error("cuBLAS status error");
    return status;
}

// A call on a live handle: under the cuBLAS lock, NOT_INITIALIZED for a handle
// that is not live, else `body(*handle)`'s status; every outcome is counted.
template <class Body>
cublasStatus_t onHandle(cublasHandle_t handle, Body&& body) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    return counted(body(*handle));
}

// Reads one setting of a live handle into `out` (INVALID_VALUE when null).
template <class T, class Read>
cublasStatus_t readSetting(cublasHandle_t handle, T* out, Read&& read) {
    return onHandle(handle, [&](SimCublas& h) {
        if (out == nullptr) return CUBLAS_STATUS_INVALID_VALUE;
        *out = read(h);
        return CUBLAS_STATUS_SUCCESS;
    });
}

// Sets one integer setting of a live handle to `value`, or answers
// INVALID_VALUE (nothing set) when the value is not `valid`.
cublasStatus_t writeSetting(cublasHandle_t handle, int SimCublas::*setting, int value, bool valid) {
    return onHandle(handle, [=](SimCublas& h) {
        if (!valid) return CUBLAS_STATUS_INVALID_VALUE;
        h.*setting = value;
        return CUBLAS_STATUS_SUCCESS;
    });
}
}  // namespace

MYELIN_SIM_API cublasStatus_t cublasCreate_v2(cublasHandle_t* handle) {
    Lock lock(cublasLock());
    if (handle == nullptr) return counted(CUBLAS_STATUS_INVALID_VALUE);
    auto* h = new SimCublas();
    liveHandles().add(h);
    *handle = h;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasDestroy_v2(cublasHandle_t handle) {
    Lock lock(cublasLock());
    if (!liveHandles().remove(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    delete handle;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t stream) {
    return onHandle(handle, [=](SimCublas& h) {
        h.stream = stream;
        return CUBLAS_STATUS_SUCCESS;
    });
}

MYELIN_SIM_API cublasStatus_t cublasGetStream_v2(cublasHandle_t handle, cudaStream_t* stream) {
    return readSetting(handle, stream, [](const SimCublas& h) { return h.stream; });
}

MYELIN_SIM_API cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int* version) {
    return readSetting(handle, version, [](const SimCublas&) { return kCublasVersion; });
}

MYELIN_SIM_API cublasStatus_t cublasGetProperty(int type, int* value) {
    if (value == nullptr || type < 0 || type > 2) return counted(CUBLAS_STATUS_INVALID_VALUE);
    const int parts[3] = {kCublasVersion / 10000, kCublasVersion / 100 % 100, kCublasVersion % 100};
    *value = parts[type];
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API std::size_t cublasGetCudartVersion(void) { return 12060; }

MYELIN_SIM_API cublasStatus_t cublasSetMathMode(cublasHandle_t handle, int mode) {
    int base = mode & ~CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION;
    return writeSetting(handle, &SimCublas::mathMode, mode, base >= CUBLAS_DEFAULT_MATH && base <= CUBLAS_TF32_TENSOR_OP_MATH);
}

MYELIN_SIM_API cublasStatus_t cublasGetMathMode(cublasHandle_t handle, int* mode) {
    return readSetting(handle, mode, [](const SimCublas& h) { return h.mathMode; });
}

MYELIN_SIM_API cublasStatus_t cublasSetPointerMode_v2(cublasHandle_t handle, int mode) {
    return writeSetting(handle, &SimCublas::pointerMode, mode, mode == 0 || mode == 1);
}

MYELIN_SIM_API cublasStatus_t cublasGetPointerMode_v2(cublasHandle_t handle, int* mode) {
    return readSetting(handle, mode, [](const SimCublas& h) { return h.pointerMode; });
}

MYELIN_SIM_API cublasStatus_t cublasSetAtomicsMode(cublasHandle_t handle, int mode) {
    return writeSetting(handle, &SimCublas::atomicsMode, mode, true);
}

MYELIN_SIM_API cublasStatus_t cublasGetAtomicsMode(cublasHandle_t handle, int* mode) {
    return readSetting(handle, mode, [](const SimCublas& h) { return h.atomicsMode; });
}

MYELIN_SIM_API cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void*, std::size_t) {
    return onHandle(handle, [](SimCublas&) { return CUBLAS_STATUS_SUCCESS; });
}

MYELIN_SIM_API const char* cublasGetStatusName(cublasStatus_t status) {
    switch (status) {
        case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
        case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case CUBLAS_STATUS_ALLOC_FAILED: return "CUBLAS_STATUS_ALLOC_FAILED";
        case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
        case CUBLAS_STATUS_ARCH_MISMATCH: return "CUBLAS_STATUS_ARCH_MISMATCH";
        case CUBLAS_STATUS_MAPPING_ERROR: return "CUBLAS_STATUS_MAPPING_ERROR";
        case CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
        case CUBLAS_STATUS_INTERNAL_ERROR: return "CUBLAS_STATUS_INTERNAL_ERROR";
        case CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
        case CUBLAS_STATUS_LICENSE_ERROR: return "CUBLAS_STATUS_LICENSE_ERROR";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

MYELIN_SIM_API const char* cublasGetStatusString(cublasStatus_t status) {
    switch (status) {
        case CUBLAS_STATUS_SUCCESS: return "success";
        case CUBLAS_STATUS_NOT_INITIALIZED: return "the library was not initialized";
        case CUBLAS_STATUS_INVALID_VALUE: return "an invalid numeric value was used as an argument";
        case CUBLAS_STATUS_NOT_SUPPORTED: return "the functionality requested is not supported";
        default: return "unknown error";
    }
}
