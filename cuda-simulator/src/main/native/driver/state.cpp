#include "state.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <vector>

namespace myelin_sim {

namespace {
bool gInitialised = false;
thread_local std::vector<SimContext*> tContextStack;
std::set<SimContext*>& liveContexts() {
    static std::set<SimContext*> contexts;
    return contexts;
}
}  // namespace

std::recursive_mutex& apiLock() {
    static std::recursive_mutex lock;
    return lock;
}

bool initialised() { return gInitialised; }
void markInitialised() { gInitialised = true; }

namespace {
// A test's override in the counters file, else the environment variable, else the default.
int setting(int64_t override, const char* variable, int fallback) {
    if (override > 0) return int(override);
    const char* env = std::getenv(variable);
    return env != nullptr && *env != '\0' ? std::atoi(env) : fallback;
}
}  // namespace

int driverVersion() { return setting(myelin_sim_driver_version_override(), "MYELIN_SIM_DRIVER_VERSION", 12060); }

int computeCapability() { return setting(myelin_sim_compute_capability_override(), "MYELIN_SIM_COMPUTE_CAPABILITY", 75); }

int maxPtxIsaForDriver(int driver) {
    // PTX ISA release history: CUDA 11.x loads 7.x, 12.0-12.5 load 8.0-8.5,
    // 12.6 still 8.5, 12.7 8.6, 12.8 8.7, 12.9 8.8, 13.x loads 9.x.
    int major = driver / 1000, minor = driver % 1000 / 10;
    if (major >= 13) return 90 + minor;
    if (major == 12) {
        static const int isa[] = {80, 81, 82, 83, 84, 85, 85, 86, 87, 88};
        return isa[std::min(minor, 9)];
    }
    if (major == 11) return 70 + std::min(minor, 8);
    return 63;
}

std::size_t totalDeviceMemory() {
    const char* env = std::getenv("MYELIN_SIM_DEVICE_MEMORY_MB");
    std::size_t mb = env != nullptr && *env != '\0' ? std::strtoull(env, nullptr, 10) : 4096;
    return mb << 20;
}

SimContext* currentContext() { return tContextStack.empty() ? nullptr : tContextStack.back(); }

void pushContext(SimContext* ctx) { tContextStack.push_back(ctx); }

SimContext* popContext() {
    if (tContextStack.empty()) return nullptr;
    SimContext* top = tContextStack.back();
    tContextStack.pop_back();
    return top;
}

void setCurrentContext(SimContext* ctx) {
    if (ctx == nullptr) {
        if (!tContextStack.empty()) tContextStack.pop_back();
    } else if (tContextStack.empty()) {
        tContextStack.push_back(ctx);
    } else {
        tContextStack.back() = ctx;
    }
}

SimContext* primaryContext(CUdevice) {
    static SimContext* primary = [] {
        auto* ctx = new SimContext();
        ctx->primary = true;
        return ctx;
    }();
    return primary;
}

bool isLiveContext(SimContext* ctx) { return liveContexts().count(ctx) != 0; }
void registerContext(SimContext* ctx) { liveContexts().insert(ctx); }
void forgetContext(SimContext* ctx) {
    liveContexts().erase(ctx);
    // Like the real driver, destroying a context current on another thread
    // leaves that thread with a dangling current context; only this thread's
    // stack is cleaned.
    tContextStack.erase(std::remove(tContextStack.begin(), tContextStack.end(), ctx), tContextStack.end());
}

CUresult fail(CUresult code, const std::string& why) {
    std::string message = "CUresult " + std::to_string(code) + ": " + why;
    myelin_sim_note_error(message.c_str());
    if (std::getenv("MYELIN_SIM_QUIET") == nullptr) std::fprintf(stderr, "myelin-sim: %s\n", message.c_str());
    return code;
}

CUresult checkDevice(CUdevice dev) {
    if (CUresult r = requireInitialised()) return r;
    if (dev != 0) return fail(CUDA_ERROR_INVALID_DEVICE, "device ordinal " + std::to_string(dev));
    return CUDA_SUCCESS;
}

CUresult requireInitialised() {
    return gInitialised ? CUDA_SUCCESS : fail(CUDA_ERROR_NOT_INITIALIZED, "cuInit has not been called");
}

CUresult requireContext(SimContext** out) {
    if (CUresult r = requireInitialised()) return r;
    SimContext* ctx = currentContext();
    if (ctx == nullptr) return fail(CUDA_ERROR_INVALID_CONTEXT, "no context is current on this thread");
    if (ctx->primary ? false : !isLiveContext(ctx))
        return fail(CUDA_ERROR_CONTEXT_IS_DESTROYED, "the current context was destroyed");
    if (ctx->sticky != CUDA_SUCCESS) return fail(ctx->sticky, "the context is unusable after an earlier launch failure");
    if (out != nullptr) *out = ctx;
    return CUDA_SUCCESS;
}

}  // namespace myelin_sim
