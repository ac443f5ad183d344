// Streams exist so handles can be checked; work runs eagerly when issued.
#pragma once
#include "cuda_types.h"

namespace myelin_sim {
// CUDA_SUCCESS for the null/legacy/per-thread stream or a live stream handle.
CUresult checkStream(CUstream stream);
}
