// Fibers: stacks plus a hand-written context switch (fiber_switch_x86_64.S).
// ucontext would be ~10x slower because swapcontext makes a sigprocmask
// system call on every switch.
#pragma once
#include <cstddef>

extern "C" void myelin_fiber_switch(void** saveSp, void* nextSp);

namespace myelin_sim {

using FiberEntry = void (*)(void* arg);

// Lays out a fresh stack so that switching to the returned stack pointer
// calls entry(arg).
void* fiberPrepare(void* stackTop, FiberEntry entry, void* arg);

// Stacks for up to `count` fibers, each with a guard page below it so that a
// kernel overflowing its stack faults instead of corrupting a neighbour.
class FiberStacks {
public:
    FiberStacks(std::size_t count, std::size_t bytesEach);
    ~FiberStacks();
    FiberStacks(const FiberStacks&) = delete;
    FiberStacks& operator=(const FiberStacks&) = delete;
    void* top(std::size_t index) const;
    std::size_t count() const { return count_; }

private:
    unsigned char* base_;
    std::size_t count_;
    std::size_t stride_;
    std::size_t mapped_;
};

}  // namespace myelin_sim
