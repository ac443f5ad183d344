#include "block_runner.h"

#include <memory>
#include <vector>

#include "../fiber/fiber.h"
#include "counters.h"

MyelinSimThread* myelin_sim_current = nullptr;
alignas(256) unsigned char myelin_sim_dynamic_shared[MYELIN_SIM_DYNAMIC_SHARED_BYTES];

namespace myelin_sim {

namespace {

constexpr std::size_t kMaxThreads = 1024;
// Kernels keep little on their stack; 64 KiB also leaves room for a signal
// handler (the JVM's) that happens to run while a fiber is current.
constexpr std::size_t kStackBytes = 64 * 1024;

enum class FiberState : unsigned char { Runnable, AtBarrier, AtWarp, Done };

struct Fiber {
    void* sp = nullptr;
    MyelinSimThread thread{};
    FiberState state = FiberState::Runnable;
    unsigned warpMask = 0;       // lanes a warp-level wait needs
    unsigned exchanges = 0;      // parity selects the exchange buffer
    int predicate = 0;           // for __syncthreads_count
};

struct Warp {
    uint64_t slots[2][32];
};

// Everything about the block being run. Blocks never run concurrently (the
// API lock is held), so this is a single instance.
struct Block {
    const MyelinSimKernel* kernel = nullptr;
    void** params = nullptr;
    unsigned threads = 0;
    Fiber fibers[kMaxThreads];
    Warp warps[kMaxThreads / 32];
    unsigned atBarrier = 0, atWarp = 0, done = 0;
    int barrierCount = 0;  // result of the last __syncthreads_count
    unsigned current = 0;
    void* schedulerSp = nullptr;
};

Block& block() {
    static Block* b = new Block();
    return *b;
}

FiberStacks& stacks() {
    static FiberStacks* s = new FiberStacks(kMaxThreads, kStackBytes);
    return *s;
}

// Passes control straight to the next runnable fiber of this pass, or back to
// the scheduler after the last one: one switch per barrier arrival instead of
// two (into the scheduler and out again).
void yieldToScheduler() {
    Block& b = block();
    unsigned from = b.current;
    unsigned next = from + 1;
    while (next < b.threads && b.fibers[next].state != FiberState::Runnable) next++;
    if (next == b.threads) {
        myelin_fiber_switch(&b.fibers[from].sp, b.schedulerSp);
        return;
    }
    b.current = next;
    myelin_sim_current = &b.fibers[next].thread;
    myelin_fiber_switch(&b.fibers[from].sp, b.fibers[next].sp);
}

void fiberMain(void*) {
    Block& b = block();
    b.kernel->invoke(b.kernel->function, b.params);
    b.fibers[b.current].state = FiberState::Done;
    b.done++;
    yieldToScheduler();
}

// Lanes of this thread's warp that exist in the block: a mask naming lanes
// past the end of a partial warp would otherwise wait forever.
unsigned presentLanes(unsigned warp) {
    unsigned first = warp * 32;
    unsigned present = block().threads - first >= 32 ? 32 : block().threads - first;
    return present == 32 ? 0xffffffffu : (1u << present) - 1u;
}

// Releases the lanes of a warp whose every awaited lane has arrived.
bool releaseWarps() {
    Block& b = block();
    bool released = false;
    for (unsigned w = 0; w * 32 < b.threads; w++) {
        unsigned waiting = 0;
        for (unsigned l = 0; l < 32 && w * 32 + l < b.threads; l++)
            if (b.fibers[w * 32 + l].state == FiberState::AtWarp) waiting |= 1u << l;
        if (waiting == 0) continue;
        for (unsigned l = 0; l < 32; l++) {
            Fiber& f = b.fibers[w * 32 + l];
            if (!(waiting >> l & 1u) || (f.warpMask & ~waiting) != 0) continue;
            f.state = FiberState::Runnable;
            b.atWarp--;
            released = true;
        }
    }
    return released;
}

void releaseBarrier() {
    Block& b = block();
    int count = 0;
    for (unsigned i = 0; i < b.threads; i++) count += b.fibers[i].predicate != 0;
    b.barrierCount = count;
    for (unsigned i = 0; i < b.threads; i++) b.fibers[i].state = FiberState::Runnable;
    b.atBarrier = 0;
}

std::string describeBlock(const uint3& id) {
    return "block (" + std::to_string(id.x) + "," + std::to_string(id.y) + "," + std::to_string(id.z) + ")";
}

CUresult runBlock(const uint3& blockIdx, const GridShape& shape, std::string& why) {
    Block& b = block();
    const dim3& bd = shape.block;
    for (unsigned i = 0; i < b.threads; i++) {
        Fiber& f = b.fibers[i];
        f.thread.threadIdx = uint3{i % bd.x, i / bd.x % bd.y, i / (bd.x * bd.y)};
        f.thread.blockIdx = blockIdx;
        f.thread.blockDim = bd;
        f.thread.gridDim = shape.grid;
        f.thread.lane = i % 32;
        f.thread.linearId = i;
        f.state = FiberState::Runnable;
        f.warpMask = 0;
        f.exchanges = 0;
        f.predicate = 0;
        f.sp = fiberPrepare(stacks().top(i), fiberMain, nullptr);
    }
    b.atBarrier = b.atWarp = b.done = 0;
    for (;;) {
        for (unsigned i = 0; i < b.threads; i++) {
            if (b.fibers[i].state != FiberState::Runnable) continue;
            b.current = i;
            myelin_sim_current = &b.fibers[i].thread;
            myelin_fiber_switch(&b.schedulerSp, b.fibers[i].sp);
        }
        if (b.done == b.threads) return CUDA_SUCCESS;
        if (releaseWarps()) continue;
        if (b.atBarrier == b.threads) {
            releaseBarrier();
            continue;
        }
        if (b.atBarrier > 0 && b.done > 0 && b.atBarrier + b.done == b.threads) {
            why = describeBlock(blockIdx) + ": " + std::to_string(b.atBarrier) + " threads wait at __syncthreads() that " +
                  std::to_string(b.done) + " exited threads will never reach (divergent barrier)";
        } else {
            why = describeBlock(blockIdx) + ": deadlock, " + std::to_string(b.atBarrier) + " threads at __syncthreads(), " +
                  std::to_string(b.atWarp) + " at a warp-level sync whose lanes never all arrive, " +
                  std::to_string(b.done) + " exited";
        }
        return CUDA_ERROR_LAUNCH_TIMEOUT;
    }
}

}  // namespace

CUresult runGrid(const MyelinSimKernel& kernel, void** params, const GridShape& shape, std::string& why) {
    Block& b = block();
    b.kernel = &kernel;
    b.params = params;
    b.threads = shape.block.x * shape.block.y * shape.block.z;
    const dim3& g = shape.grid;
    for (unsigned z = 0; z < g.z; z++)
        for (unsigned y = 0; y < g.y; y++)
            for (unsigned x = 0; x < g.x; x++) {
                if (CUresult r = runBlock(uint3{x, y, z}, shape, why)) {
                    myelin_sim_current = nullptr;
                    return r;
                }
            }
    myelin_sim_count(C_blocks, int64_t(g.x) * g.y * g.z);
    myelin_sim_count(C_threads, int64_t(g.x) * g.y * g.z * b.threads);
    myelin_sim_current = nullptr;
    return CUDA_SUCCESS;
}

}  // namespace myelin_sim

using namespace myelin_sim;

extern "C" __attribute__((visibility("default"))) void myelin_sim_syncthreads(void) {
    Block& b = block();
    b.fibers[b.current].state = FiberState::AtBarrier;
    b.fibers[b.current].predicate = 0;
    b.atBarrier++;
    yieldToScheduler();
}

extern "C" __attribute__((visibility("default"))) int myelin_sim_syncthreads_count(int predicate) {
    Block& b = block();
    b.fibers[b.current].state = FiberState::AtBarrier;
    b.fibers[b.current].predicate = predicate;
    b.atBarrier++;
    yieldToScheduler();
    return b.barrierCount;
}

extern "C" __attribute__((visibility("default"))) void myelin_sim_syncwarp(unsigned int mask) {
    Block& b = block();
    Fiber& f = b.fibers[b.current];
    f.warpMask = (mask & presentLanes(b.current / 32)) | (1u << f.thread.lane);
    f.state = FiberState::AtWarp;
    b.atWarp++;
    yieldToScheduler();
}

extern "C" __attribute__((visibility("default"))) const uint64_t* myelin_sim_warp_exchange(unsigned int mask, uint64_t value) {
    Block& b = block();
    Fiber& f = b.fibers[b.current];
    Warp& w = b.warps[b.current / 32];
    uint64_t* slots = w.slots[f.exchanges++ & 1u];
    slots[f.thread.lane] = value;
    myelin_sim_syncwarp(mask);
    return slots;
}
