// The hook the NVRTC stand-in (native/nvrtc/) uses: NVRTC "compiles" a source by
// naming the CPU build of the same .cu file in a simulator image.
#include <cstring>
#include <string>

#include "kernel_libraries.h"
#include "state.h"

extern "C" __attribute__((visibility("default"))) long myelin_sim_image_for_source(const char* source, char* buffer,
                                                                                   size_t capacity) {
    std::lock_guard<std::recursive_mutex> lock(myelin_sim::apiLock());
    if (source == nullptr) return -1;
    const auto* kernels = myelin_sim::kernelsBuiltFrom(source);
    if (kernels == nullptr) return -1;
    std::string image = "//MYELIN-SIM-IMAGE 1\n.target sm_75\n.source " + std::string(source) + "\n";
    for (const MyelinSimKernel* k : *kernels) {
        image += ".entry " + std::string(k->name);
        for (int i = 0; i < k->paramCount; i++) image += " " + std::to_string(k->paramSizes[i]);
        image += "\n";
        if (k->staticSharedBytes != 0)
            image += ".shared " + std::string(k->name) + " " + std::to_string(k->staticSharedBytes) + "\n";
    }
    if (buffer != nullptr && capacity > image.size()) std::memcpy(buffer, image.c_str(), image.size() + 1);
    return long(image.size());
}
