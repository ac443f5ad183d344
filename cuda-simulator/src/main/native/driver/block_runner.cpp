#include "block_runner.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
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
// Poison: every byte 0xff, a NaN as float and as double, -1 as an integer.
constexpr unsigned char kPoisonByte = 0xff;

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
    unsigned current = 0;  // the running fiber
    unsigned position = 0; // its position in `order`
    unsigned order[kMaxThreads];  // the order of one pass over the fibers
    Order ordering = Order::Forward;
    std::mt19937_64 random;
    void* schedulerSp = nullptr;
    // Set by a fiber that ends the launch (__trap, a broken warp mask).
    CUresult failure = CUDA_SUCCESS;
    std::string failureWhy;
};

Block& block() {
    static Block* b = new Block();
    return *b;
}

FiberStacks& stacks() {
    static FiberStacks* s = new FiberStacks(kMaxThreads, kStackBytes);
    return *s;
}

// A fresh order of the fibers for the next pass: forward, reverse, or a new
// permutation (after every barrier or warp release in random order).
void arrange() {
    Block& b = block();
    for (unsigned i = 0; i < b.threads; i++) b.order[i] = b.ordering == Order::Reverse ? b.threads - 1 - i : i;
    if (b.ordering == Order::Random) std::shuffle(b.order, b.order + b.threads, b.random);
}

void resume(unsigned position, void** save) {
    Block& b = block();
    b.position = position;
    b.current = b.order[position];
    myelin_sim_current = &b.fibers[b.current].thread;
    myelin_fiber_switch(save, b.fibers[b.current].sp);
}

// Passes control straight to the next runnable fiber of this pass, or back to
// the scheduler after the last one: one switch per barrier arrival instead of
// two (into the scheduler and out again).
void yieldToScheduler() {
    Block& b = block();
    unsigned from = b.current;
    unsigned next = b.position + 1;
    while (next < b.threads && b.fibers[b.order[next]].state != FiberState::Runnable) next++;
    if (next == b.threads) {
        myelin_fiber_switch(&b.fibers[from].sp, b.schedulerSp);
        return;
    }
    resume(next, &b.fibers[from].sp);
}

std::string describeThread() {
    const MyelinSimThread& t = block().fibers[block().current].thread;
    return "thread (" + std::to_string(t.threadIdx.x) + "," + std::to_string(t.threadIdx.y) + "," +
           std::to_string(t.threadIdx.z) + ") of block (" + std::to_string(t.blockIdx.x) + "," +
           std::to_string(t.blockIdx.y) + "," + std::to_string(t.blockIdx.z) + ")";
}

// Ends the launch from inside a fiber: the other fibers of the block are
// abandoned where they stand (their stacks are prepared afresh next block).
[[noreturn]] void failLaunch(CUresult code, const std::string& why) {
    Block& b = block();
    b.failure = code;
    b.failureWhy = why;
    b.fibers[b.current].state = FiberState::Done;
    void* discard;
    myelin_fiber_switch(&discard, b.schedulerSp);
    __builtin_unreachable();
}

void fiberMain(void*) {
    Block& b = block();
    b.kernel->invoke(b.kernel->function, b.params);
    b.fibers[b.current].state = FiberState::Done;
    b.done++;
    yieldToScheduler();
}

// Lanes of this thread's warp that exist in the block.
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

// What a block finds in shared memory and in the warp exchange slots when it
// starts: poison, never the previous block's values.
void poisonShared(const GridShape& shape) {
    Block& b = block();
    if (b.kernel->sharedBegin != nullptr)
        std::memset(b.kernel->sharedBegin, kPoisonByte, std::size_t(b.kernel->sharedEnd - b.kernel->sharedBegin));
    std::memset(myelin_sim_dynamic_shared, kPoisonByte, shape.dynamicSharedBytes);
    std::memset(b.warps, kPoisonByte, sizeof(Warp) * ((b.threads + 31) / 32));
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
    poisonShared(shape);
    b.atBarrier = b.atWarp = b.done = 0;
    for (;;) {
        arrange();
        for (unsigned p = 0; p < b.threads; p++) {
            if (b.fibers[b.order[p]].state != FiberState::Runnable) continue;
            resume(p, &b.schedulerSp);
            if (b.failure != CUDA_SUCCESS) {
                why = b.failureWhy;
                return b.failure;
            }
            break;  // the fibers chain to each other until the pass ends
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

CUresult runGrid(const MyelinSimKernel& kernel, void** params, const GridShape& shape, const Schedule& schedule,
                 std::string& why) {
    Block& b = block();
    b.kernel = &kernel;
    b.params = params;
    b.threads = shape.block.x * shape.block.y * shape.block.z;
    b.ordering = schedule.order;
    b.random.seed(schedule.seed);
    b.failure = CUDA_SUCCESS;
    const dim3& g = shape.grid;
    uint64_t blocks = uint64_t(g.x) * g.y * g.z;
    std::vector<uint64_t> blockOrder(blocks);
    for (uint64_t i = 0; i < blocks; i++) blockOrder[i] = schedule.order == Order::Reverse ? blocks - 1 - i : i;
    if (schedule.order == Order::Random) std::shuffle(blockOrder.begin(), blockOrder.end(), b.random);
    for (uint64_t linear : blockOrder) {
        uint3 id{unsigned(linear % g.x), unsigned(linear / g.x % g.y), unsigned(linear / (uint64_t(g.x) * g.y))};
        if (CUresult r = runBlock(id, shape, why)) {
            myelin_sim_current = nullptr;
            return r;
        }
    }
    myelin_sim_count(C_blocks, int64_t(blocks));
    myelin_sim_count(C_threads, int64_t(blocks) * b.threads);
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

// A warp-level sync. The caller must be in the mask (undefined behaviour on a
// GPU, a failed launch here). Lanes past the end of a partial warp count as
// exited threads, which CUDA allows a mask to name: they are not waited for,
// and a shuffle that reads one gets the poison its slot holds.
extern "C" __attribute__((visibility("default"))) void myelin_sim_syncwarp(unsigned int mask) {
    Block& b = block();
    Fiber& f = b.fibers[b.current];
    if (!(mask >> f.thread.lane & 1u)) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%08x", mask);
        failLaunch(CUDA_ERROR_LAUNCH_FAILED, describeThread() + " (lane " + std::to_string(f.thread.lane) +
                                                 ") calls a warp-level sync whose mask " + hex + " leaves it out");
    }
    f.warpMask = mask & presentLanes(b.current / 32);
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

extern "C" __attribute__((visibility("default"))) void myelin_sim_trap(void) {
    failLaunch(CUDA_ERROR_LAUNCH_FAILED, describeThread() + " executed __trap()");
}
