// Runs a grid: one block at a time, the threads of a block as fibers that
// switch only at barriers, warp exchanges and exit, in the order a Schedule
// says. Each block starts with its shared memory and warp exchange slots
// poisoned (0xff bytes: NaN). A block in which no fiber can move any more fails
// the launch instead of hanging; __trap() or a broken warp mask fails it too.
#pragma once
#include <string>

#include "cuda_types.h"
#include "myelin_sim_abi.h"
#include "schedule.h"

namespace myelin_sim {

struct GridShape {
    dim3 grid;
    dim3 block;
    unsigned dynamicSharedBytes = 0;
};

// CUDA_SUCCESS; CUDA_ERROR_LAUNCH_TIMEOUT with `why` saying which block
// deadlocked and how (what a watchdog reports for a kernel that never ends);
// or CUDA_ERROR_LAUNCH_FAILED with `why` naming the thread that trapped or
// broke a warp-mask rule.
CUresult runGrid(const MyelinSimKernel& kernel, void** params, const GridShape& shape, const Schedule& schedule,
                 std::string& why);

}  // namespace myelin_sim
