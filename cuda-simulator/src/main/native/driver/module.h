// Loaded modules and their functions.
#pragma once
#include <vector>

#include "module_image.h"
#include "myelin_sim_abi.h"
#include "state.h"

struct SimModule;

struct SimFunction {
    SimModule* module = nullptr;  // null once the module is unloaded
    myelin_sim::EntryDescription entry;
    const MyelinSimKernel* kernel = nullptr;
    int ptxIsa = 0;
    // Dynamic shared memory allowed without opting in: 48 KiB minus static.
    int maxDynamicShared = -1;
};

struct SimModule {
    SimContext* context = nullptr;
    std::vector<SimFunction*> functions;
    std::vector<myelin_sim::GlobalDescription> globals;
    std::vector<void*> registeredGlobals;
};

namespace myelin_sim {
bool isLiveFunction(SimFunction* f);
}
