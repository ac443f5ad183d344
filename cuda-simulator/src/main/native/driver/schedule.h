// The order in which the simulator runs blocks and the threads of a block.
// A GPU promises no order at all, so a kernel whose result depends on it has a
// bug that the default x-fastest, ascending order hides.
//
// Set per process with MYELIN_SIM_SCHEDULE, or at run time by a test through
// the counters file (Simulator.counters().setSchedule):
//   forward       blocks x-fastest, threads by ascending id (the default)
//   reverse       both in descending order
//   random[:S]    a permutation of the blocks, and of the threads of a block
//                 drawn anew after every barrier or warp release, from seed S
//                 (default 1) and the number of the launch in its context
//   check[:S]     every launch runs twice, forward then random[:S], on the same
//                 device memory (snapshotted and restored); the first byte that
//                 differs fails the launch (CUDA_ERROR_LAUNCH_FAILED)
#pragma once
#include <cstdint>
#include <string>

namespace myelin_sim {

enum class Order { Forward, Reverse, Random };

struct Schedule {
    Order order = Order::Forward;
    uint64_t seed = 1;  // Random only; mixed with the launch number
};

struct ScheduleSetting {
    bool check = false;  // run forward, then random with `seed`, and compare
    uint64_t seed = 1;
    Order order = Order::Forward;  // when not checking
};

// The setting for the next launch: the counters-file override when a test
// wrote one, else MYELIN_SIM_SCHEDULE.
ScheduleSetting currentScheduleSetting();

std::string describe(const Schedule& s);

}  // namespace myelin_sim
