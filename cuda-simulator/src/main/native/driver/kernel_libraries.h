// The CPU builds of kernels: shared libraries made by g++ from .cu files with
// cuda_emu.h, each exporting myelin_sim_kernels(). They are found through
// MYELIN_SIM_KERNELS, a colon-separated list of library files or directories
// (every *.so in a directory), and indexed by PTX entry name.
#pragma once
#include <string>
#include <vector>

#include "myelin_sim_abi.h"

namespace myelin_sim {
// The CPU build for a PTX entry, or null (with `where` naming the search path).
const MyelinSimKernel* findKernel(const std::string& entry, std::string& where);
// The address of a variable named `symbol` in the library that built `kernel`.
void* findVariable(const MyelinSimKernel* kernel, const std::string& symbol);
// Every kernel built from the .cu file `source` (base name), or null.
const std::vector<const MyelinSimKernel*>* kernelsBuiltFrom(const std::string& source);
}
