// What the simulator needs from a module image: its PTX ISA version and
// target, and each entry with the byte size of every parameter and its static
// shared memory. Three image formats are read:
//  - PTX text, as nvcc -ptx or NVRTC writes it;
//  - an ELF CUBIN, as NVRTC writes it for one sm_XY: the architecture from the
//    ELF header's flags, each entry's parameter sizes from the KPARAM_INFO
//    records of its .nv.info.<entry> section, its static shared memory from the
//    size of its .nv.shared.<entry> section (the machine code is never read:
//    the entry runs as the CPU build of the same source);
//  - the simulator's own image, which the NVRTC stand-in (native/nvrtc/) returns as
//    its "CUBIN": a text file beginning with the line
//        //MYELIN-SIM-IMAGE 1
//    followed by lines
//        .target sm_75
//        .source <name of the .cu it was compiled from>
//        .entry <name> <param size> <param size> ...
//        .shared <entry name> <static shared bytes>
//    It carries no PTX ISA version: like a CUBIN it is checked against the
//    device's compute capability instead.
#pragma once
#include <string>
#include <vector>

namespace myelin_sim {

struct EntryDescription {
    std::string name;
    std::vector<unsigned> paramSizes;
    unsigned staticSharedBytes = 0;
};

// A module-scope variable (`__device__` or `__constant__`) a host can reach
// with cuModuleGetGlobal.
struct GlobalDescription {
    std::string name;
    unsigned bytes = 0;
};

struct ModuleDescription {
    bool isPtx = true;
    int ptxIsa = 0;        // 90 for ".version 9.0"; 0 for a simulator image
    int targetSm = 0;      // 75 for "sm_75" (a CUBIN's architecture, a PTX file's .target)
    std::string source;    // only in simulator images
    std::vector<EntryDescription> entries;
    std::vector<GlobalDescription> globals;
};

enum class ImageKind { Ptx, SimulatorImage, Elf, FatBinary };

ImageKind detectImageKind(const void* image);

// False (with a reason) for text that is not well-formed enough to read.
bool parsePtx(const std::string& text, ModuleDescription& out, std::string& error);
bool parseSimulatorImage(const std::string& text, ModuleDescription& out, std::string& error);
bool parseCubin(const void* image, ModuleDescription& out, std::string& error);

}  // namespace myelin_sim
