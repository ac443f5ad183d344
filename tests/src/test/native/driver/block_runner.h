// Runs a grid: one block at a time, the threads of a block as fibers that
// switch only at barriers, warp exchanges and exit. A block in which no fiber
// can move any more fails the launch instead of hanging.
#pragma once
#include <string>

#include "cuda_types.h"
#include "myelin_sim_abi.h"

namespace myelin_sim {

struct GridShape {
    dim3 grid;
    dim3 block;
};

// CUDA_SUCCESS, or CUDA_ERROR_LAUNCH_TIMEOUT with `why` saying which block
// deadlocked and how (what a watchdog reports for a kernel that never ends).
CUresult runGrid(const MyelinSimKernel& kernel, void** params, const GridShape& shape, std::string& why);

}  // namespace myelin_sim
