// Streams and events. Every operation already ran when it was issued, so a
// stream is only a handle to validate and a place to count synchronisations.
#include <chrono>
#include <set>

#include "state.h"
#include "stream.h"

using namespace myelin_sim;

struct SimStream {
    SimContext* context;
};

struct SimEvent {
    bool recorded = false;
    std::chrono::steady_clock::time_point when;
};

namespace {
std::set<SimStream*>& liveStreams() {
    static std::set<SimStream*> streams;
    return streams;
}
std::set<SimEvent*>& liveEvents() {
    static std::set<SimEvent*> events;
    return events;
}
// Forgets and frees a live handle of `live`; INVALID_HANDLE when it is not live.
template <class T>
CUresult destroyLive(std::set<T*>& live, T* handle, const char* notLive) {
    if (live.erase(handle) == 0) return fail(CUDA_ERROR_INVALID_HANDLE, notLive);
    delete handle;
    return CUDA_SUCCESS;
}
CUresult checkEvent(CUevent event) {
    return liveEvents().count(event) != 0 ? CUDA_SUCCESS : fail(CUDA_ERROR_INVALID_HANDLE, "not a live event");
}
}  // namespace

namespace myelin_sim {
CUresult checkStream(CUstream stream) {
    if (stream == nullptr || stream == CU_STREAM_LEGACY || stream == CU_STREAM_PER_THREAD) return CUDA_SUCCESS;
    if (liveStreams().count(stream) == 0) return fail(CUDA_ERROR_INVALID_HANDLE, "not a live stream");
    return CUDA_SUCCESS;
}
}  // namespace myelin_sim

MYELIN_SIM_API CUresult cuStreamCreate(CUstream* stream, unsigned int) {
    ApiLock lock(apiLock());
    SimContext* ctx;
    if (CUresult r = requireContext(&ctx)) return r;
    if (stream == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null stream");
    auto* s = new SimStream{ctx};
    liveStreams().insert(s);
    *stream = s;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuStreamCreateWithPriority(CUstream* stream, unsigned int flags, int) {
    return cuStreamCreate(stream, flags);
}

MYELIN_SIM_API CUresult cuStreamDestroy_v2(CUstream stream) {
    return inContext([=] { return destroyLive(liveStreams(), stream, "not a live stream"); });
}

MYELIN_SIM_API CUresult cuStreamSynchronize(CUstream stream) {
    return inContext([=] { return synchronised(checkStream(stream)); });
}

MYELIN_SIM_API CUresult cuStreamQuery(CUstream stream) {
    return inContext([=]() -> CUresult { return checkStream(stream); });
}

MYELIN_SIM_API CUresult cuStreamWaitEvent(CUstream stream, CUevent event, unsigned int) {
    return inContext([=]() -> CUresult {
        if (CUresult r = checkStream(stream)) return r;
        return checkEvent(event);
    });
}

MYELIN_SIM_API CUresult cuEventCreate(CUevent* event, unsigned int) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (event == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null event");
    auto* e = new SimEvent();
    liveEvents().insert(e);
    *event = e;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuEventDestroy_v2(CUevent event) {
    return inContext([=] { return destroyLive(liveEvents(), event, "not a live event"); });
}

MYELIN_SIM_API CUresult cuEventRecord(CUevent event, CUstream stream) {
    return inContext([=]() -> CUresult {
        if (CUresult r = checkStream(stream)) return r;
        if (CUresult r = checkEvent(event)) return r;
        event->recorded = true;
        event->when = std::chrono::steady_clock::now();
        return CUDA_SUCCESS;
    });
}

MYELIN_SIM_API CUresult cuEventSynchronize(CUevent event) {
    return inContext([=] { return synchronised(checkEvent(event)); });
}

MYELIN_SIM_API CUresult cuEventQuery(CUevent event) {
    return inContext([=]() -> CUresult { return checkEvent(event); });
}

MYELIN_SIM_API CUresult cuEventElapsedTime(float* ms, CUevent start, CUevent end) {
    return inContext([=]() -> CUresult {
        if (ms == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null result");
        if (CUresult r = checkEvent(start)) return r;
        if (CUresult r = checkEvent(end)) return r;
        if (!start->recorded || !end->recorded) return fail(CUDA_ERROR_INVALID_HANDLE, "event was never recorded");
        *ms = std::chrono::duration<float, std::milli>(end->when - start->when).count();
        return CUDA_SUCCESS;
    });
}
