// libnvrtc.so.12 stand-in: "compiles" one of the simulator's .cu
// files into the simulator's own module image (see driver/module_image.h),
// which the simulated driver loads like a CUBIN. The program name given to
// nvrtcCreateProgram names the source ("layers.cu"); every `#include "x"` of
// the source must be one of the headers passed to nvrtcCreateProgram, and a
// CUBIN needs a real architecture (-arch / --gpu-architecture sm_XY), as with
// NVRTC. The functions not here are generated stubs (gen-stubs.sh) that
// return NVRTC_ERROR_INTERNAL_ERROR and are counted as unsupported calls.
#include <cstddef>
#include <cstring>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../common/live_set.h"

extern "C" long myelin_sim_image_for_source(const char* source, char* buffer, std::size_t capacity);

namespace {

enum : int {
    NVRTC_SUCCESS = 0,
    NVRTC_ERROR_INVALID_INPUT = 3,
    NVRTC_ERROR_INVALID_PROGRAM = 4,
    NVRTC_ERROR_INVALID_OPTION = 5,
    NVRTC_ERROR_COMPILATION = 6,
};

struct Program {
    std::string source;
    std::string name;
    std::set<std::string> headers;
    std::string log;
    std::string image;  // empty until compiled for an sm_XY
    bool compiled = false;
};

myelin_sim::LiveSet<Program>& programs() {
    static myelin_sim::LiveSet<Program> p;
    return p;
}
std::mutex& lock() { return programs().lock(); }
bool live(Program* p) { return programs().contains(p); }

// A query of a live program with one output: INVALID_PROGRAM for a program that
// is not live, INVALID_INPUT for a null `out`, else what `body()` returns.
template <class T, class Body>
int onProgram(Program* p, T* out, Body&& body) {
    std::lock_guard<std::mutex> g(lock());
    if (!live(p)) return NVRTC_ERROR_INVALID_PROGRAM;
    if (out == nullptr) return NVRTC_ERROR_INVALID_INPUT;
    return body();
}

// The size of one of a program's texts, its CUBIN image or its log, NUL
// included: 0 for an image not compiled for an sm_XY.
int textSize(Program* p, std::size_t* size, std::string Program::*text) {
    return onProgram(p, size, [=]() -> int {
        const std::string& t = p->*text;
        *size = text == &Program::image && t.empty() ? 0 : t.size() + 1;
        return NVRTC_SUCCESS;
    });
}

// Copies one of a program's texts with its NUL into `out`; INVALID_INPUT for
// an image not compiled for an sm_XY.
int copyText(Program* p, char* out, std::string Program::*text) {
    return onProgram(p, out, [=]() -> int {
        const std::string& t = p->*text;
        if (text == &Program::image && t.empty()) return NVRTC_ERROR_INVALID_INPUT;
        std::memcpy(out, t.c_str(), t.size() + 1);
        return NVRTC_SUCCESS;
    });
}

// "sm_80" from -arch=sm_80, --gpu-architecture=sm_80, or the option followed by its value; "" if none.
std::string architecture(int n, const char* const* options, bool& bad) {
    std::string arch;
    for (int i = 0; i < n; i++) {
        if (options[i] == nullptr) {
            bad = true;
            return "";
        }
        std::string o = options[i];
        for (const char* flag : {"-arch", "--gpu-architecture"}) {
            std::string f = flag;
            if (o == f && i + 1 < n && options[i + 1] != nullptr) arch = options[++i];
            else if (o.rfind(f + "=", 0) == 0) arch = o.substr(f.size() + 1);
        }
    }
    return arch;
}

}  // namespace

extern "C" {

const char* nvrtcGetErrorString(int result) {
    switch (result) {
        case 0: return "NVRTC_SUCCESS";
        case 1: return "NVRTC_ERROR_OUT_OF_MEMORY";
        case 2: return "NVRTC_ERROR_PROGRAM_CREATION_FAILURE";
        case 3: return "NVRTC_ERROR_INVALID_INPUT";
        case 4: return "NVRTC_ERROR_INVALID_PROGRAM";
        case 5: return "NVRTC_ERROR_INVALID_OPTION";
        case 6: return "NVRTC_ERROR_COMPILATION";
        case 11: return "NVRTC_ERROR_INTERNAL_ERROR";
        default: return "NVRTC_ERROR unknown";
    }
}

int nvrtcVersion(int* major, int* minor) {
    if (major == nullptr || minor == nullptr) return NVRTC_ERROR_INVALID_INPUT;
    *major = 12;
    *minor = 6;
    return NVRTC_SUCCESS;
}

int nvrtcGetNumSupportedArchs(int* count) {
    if (count == nullptr) return NVRTC_ERROR_INVALID_INPUT;
    *count = 5;
    return NVRTC_SUCCESS;
}

int nvrtcGetSupportedArchs(int* archs) {
    if (archs == nullptr) return NVRTC_ERROR_INVALID_INPUT;
    const int supported[] = {75, 80, 86, 89, 90};
    std::memcpy(archs, supported, sizeof supported);
    return NVRTC_SUCCESS;
}

int nvrtcCreateProgram(Program** prog, const char* src, const char* name, int numHeaders, const char* const* headers,
                       const char* const* includeNames) {
    if (prog == nullptr || src == nullptr || numHeaders < 0 || (numHeaders > 0 && (headers == nullptr || includeNames == nullptr)))
        return NVRTC_ERROR_INVALID_INPUT;
    auto* p = new Program();
    p->source = src;
    p->name = name == nullptr ? "default_program" : name;
    for (int i = 0; i < numHeaders; i++) {
        if (includeNames[i] == nullptr || headers[i] == nullptr) {
            delete p;
            return NVRTC_ERROR_INVALID_INPUT;
        }
        p->headers.insert(includeNames[i]);
    }
    std::lock_guard<std::mutex> g(lock());
    programs().add(p);
    *prog = p;
    return NVRTC_SUCCESS;
}

int nvrtcDestroyProgram(Program** prog) {
    if (prog == nullptr) return NVRTC_ERROR_INVALID_INPUT;
    std::lock_guard<std::mutex> g(lock());
    if (!programs().remove(*prog)) return NVRTC_ERROR_INVALID_PROGRAM;
    delete *prog;
    *prog = nullptr;
    return NVRTC_SUCCESS;
}

int nvrtcCompileProgram(Program* p, int numOptions, const char* const* options) {
    std::lock_guard<std::mutex> g(lock());
    if (!live(p)) return NVRTC_ERROR_INVALID_PROGRAM;
    if (numOptions < 0 || (numOptions > 0 && options == nullptr)) return NVRTC_ERROR_INVALID_INPUT;
    bool bad = false;
    std::string arch = architecture(numOptions, options, bad);
    if (bad) return NVRTC_ERROR_INVALID_OPTION;
    p->log.clear();
    p->image.clear();
    p->compiled = false;
    std::istringstream lines(p->source);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        number++;
        const std::string directive = "#include \"";
        std::size_t at = line.find(directive);
        if (at == std::string::npos || line.find_first_not_of(" \t") != at) continue;
        std::size_t end = line.find('"', at + directive.size());
        std::string header = line.substr(at + directive.size(), end - at - directive.size());
        if (p->headers.count(header) == 0) {
            p->log += p->name + "(" + std::to_string(number) + "): catastrophic error: cannot open source file \"" + header + "\"\n";
        }
    }
    if (!p->log.empty()) return NVRTC_ERROR_COMPILATION;
    long length = myelin_sim_image_for_source(p->name.c_str(), nullptr, 0);
    if (length <= 0) {
        p->log = p->name + ": the simulator has no CPU build of this source (MYELIN_SIM_KERNELS)\n";
        return NVRTC_ERROR_COMPILATION;
    }
    p->compiled = true;
    if (arch.rfind("sm_", 0) != 0) return NVRTC_SUCCESS;  // PTX only (not simulated): no CUBIN
    std::string image(std::size_t(length) + 1, '\0');
    myelin_sim_image_for_source(p->name.c_str(), image.data(), image.size());
    image.resize(std::size_t(length));
    std::size_t target = image.find(".target sm_75");
    if (target != std::string::npos) image.replace(target, 13, ".target " + arch);
    p->image = image;
    return NVRTC_SUCCESS;
}

int nvrtcGetCUBINSize(Program* p, std::size_t* size) { return textSize(p, size, &Program::image); }

int nvrtcGetCUBIN(Program* p, char* cubin) { return copyText(p, cubin, &Program::image); }

int nvrtcGetProgramLogSize(Program* p, std::size_t* size) { return textSize(p, size, &Program::log); }

int nvrtcGetProgramLog(Program* p, char* log) { return copyText(p, log, &Program::log); }

}  // extern "C"
