#include "fiber.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <new>

extern "C" void myelin_fiber_trampoline();

namespace myelin_sim {

void* fiberPrepare(void* stackTop, FiberEntry entry, void* arg) {
    // Frame popped by myelin_fiber_switch, lowest address first:
    // r15 r14 r13 r12 rbx rbp return-address.
    auto top = reinterpret_cast<uintptr_t>(stackTop) & ~uintptr_t(15);
    // After `ret` pops the return address rsp must be 16-byte aligned, so the
    // trampoline's `call` leaves the entry with the ABI's rsp % 16 == 8.
    auto* slot = reinterpret_cast<uint64_t*>(top) - 8;
    slot[0] = 0;                                          // padding keeps the 16-byte alignment
    slot[1] = 0;                                          // r15
    slot[2] = 0;                                          // r14
    slot[3] = reinterpret_cast<uint64_t>(arg);            // r13
    slot[4] = reinterpret_cast<uint64_t>(entry);          // r12
    slot[5] = 0;                                          // rbx
    slot[6] = 0;                                          // rbp
    slot[7] = reinterpret_cast<uint64_t>(&myelin_fiber_trampoline);
    return slot + 1;
}

FiberStacks::FiberStacks(std::size_t count, std::size_t bytesEach) : count_(count) {
    std::size_t page = std::size_t(sysconf(_SC_PAGESIZE));
    std::size_t usable = (bytesEach + page - 1) / page * page;
    stride_ = usable + page;
    mapped_ = stride_ * count;
    void* p = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    base_ = static_cast<unsigned char*>(p);
    for (std::size_t i = 0; i < count; i++) mprotect(base_ + i * stride_, page, PROT_NONE);
}

FiberStacks::~FiberStacks() { munmap(base_, mapped_); }

// Tops are staggered by cache lines: with equal page offsets every fiber's
// hot frames would map to the same L1 sets and evict each other.
void* FiberStacks::top(std::size_t index) const { return base_ + (index + 1) * stride_ - (index % 60) * 64; }

}  // namespace myelin_sim
