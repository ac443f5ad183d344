// cuBLAS handles and their settings: stream, math mode, pointer mode.
#include <cstddef>
#include <mutex>
#include <set>

#include "../driver/counters.h"
#include "handle.h"

using myelin_sim::C_cublas_calls;

namespace myelin_sim {
std::mutex& cublasLock() {
    static std::mutex lock;
    return lock;
}
std::set<SimCublas*>& liveHandles() {
    static std::set<SimCublas*> handles;
    return handles;
}
bool isLiveHandle(SimCublas* h) { return h != nullptr && liveHandles().count(h) != 0; }
}  // namespace myelin_sim

using namespace myelin_sim;

namespace {
using Lock = std::lock_guard<std::mutex>;
cublasStatus_t counted(cublasStatus_t status) {
    myelin_sim_count(C_cublas_calls, 1);
    if (status != CUBLAS_STATUS_SUCCESS) myelin_sim_note_error("cuBLAS status error");
    return status;
}
}  // namespace

MYELIN_SIM_API cublasStatus_t cublasCreate_v2(cublasHandle_t* handle) {
    Lock lock(cublasLock());
    if (handle == nullptr) return counted(CUBLAS_STATUS_INVALID_VALUE);
    auto* h = new SimCublas();
    liveHandles().insert(h);
    *handle = h;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasDestroy_v2(cublasHandle_t handle) {
    Lock lock(cublasLock());
    if (liveHandles().erase(handle) == 0) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    delete handle;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t stream) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    handle->stream = stream;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasGetStream_v2(cublasHandle_t handle, cudaStream_t* stream) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    if (stream == nullptr) return counted(CUBLAS_STATUS_INVALID_VALUE);
    *stream = handle->stream;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int* version) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    if (version == nullptr) return counted(CUBLAS_STATUS_INVALID_VALUE);
    *version = kCublasVersion;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasGetProperty(int type, int* value) {
    if (value == nullptr || type < 0 || type > 2) return counted(CUBLAS_STATUS_INVALID_VALUE);
    const int parts[3] = {kCublasVersion / 10000, kCublasVersion / 100 % 100, kCublasVersion % 100};
    *value = parts[type];
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API std::size_t cublasGetCudartVersion(void) { return 12060; }

MYELIN_SIM_API cublasStatus_t cublasSetMathMode(cublasHandle_t handle, int mode) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    int base = mode & ~CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION;
    if (base < CUBLAS_DEFAULT_MATH || base > CUBLAS_TF32_TENSOR_OP_MATH) return counted(CUBLAS_STATUS_INVALID_VALUE);
    handle->mathMode = mode;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasGetMathMode(cublasHandle_t handle, int* mode) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    if (mode == nullptr) return counted(CUBLAS_STATUS_INVALID_VALUE);
    *mode = handle->mathMode;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasSetPointerMode_v2(cublasHandle_t handle, int mode) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    if (mode != 0 && mode != 1) return counted(CUBLAS_STATUS_INVALID_VALUE);
    handle->pointerMode = mode;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasGetPointerMode_v2(cublasHandle_t handle, int* mode) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    if (mode == nullptr) return counted(CUBLAS_STATUS_INVALID_VALUE);
    *mode = handle->pointerMode;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasSetAtomicsMode(cublasHandle_t handle, int mode) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    handle->atomicsMode = mode;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasGetAtomicsMode(cublasHandle_t handle, int* mode) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    if (mode == nullptr) return counted(CUBLAS_STATUS_INVALID_VALUE);
    *mode = handle->atomicsMode;
    return counted(CUBLAS_STATUS_SUCCESS);
}

MYELIN_SIM_API cublasStatus_t cublasSetWorkspace_v2(cublasHandle_t handle, void*, std::size_t) {
    Lock lock(cublasLock());
    if (!isLiveHandle(handle)) return counted(CUBLAS_STATUS_NOT_INITIALIZED);
    return counted(CUBLAS_STATUS_SUCCESS);
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
