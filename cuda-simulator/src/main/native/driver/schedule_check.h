// The check schedule: a launch runs forward, then in a random order on the
// same device memory (snapshotted before and restored in between), and the
// first byte in which the two results differ fails it. A kernel whose result
// depends on the order of blocks or threads (a missing barrier, a "last
// block" chosen by index, a read of another block's unfinished output) is
// caught here, where one fixed order would hide it.
#pragma once
#include <functional>
#include <string>

#include "cuda_types.h"
#include "schedule.h"

struct SimContext;

namespace myelin_sim {

// Runs `run` once per order `setting` asks for; with check, compares the
// device memory of `ctx` after both and fails with CUDA_ERROR_LAUNCH_FAILED
// and `why` naming the allocation and byte on the first difference.
CUresult runScheduled(SimContext* ctx, const ScheduleSetting& setting, uint64_t launch,
                      const std::function<CUresult(const Schedule&, std::string&)>& run, std::string& why);

}  // namespace myelin_sim
