// cuModuleLoad*, cuModuleGetFunction, cuModuleUnload, function attributes.
// Loading binds every entry of the image to its CPU build, so a missing or
// stale build is reported at load time, where the backend says which path
// (PTX or NVRTC) it took.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "kernel_libraries.h"
#include "memory.h"
#include "module.h"
#include "module_image.h"
#include "state.h"

using namespace myelin_sim;

namespace {

std::set<SimModule*>& liveModules() {
    static std::set<SimModule*> modules;
    return modules;
}

std::string isaText(int isa) { return std::to_string(isa / 10) + "." + std::to_string(isa % 10); }

CUresult describe(const void* image, ModuleDescription& module, std::string& why) {
    switch (detectImageKind(image)) {
        case ImageKind::FatBinary:
            why = "fatbinary images cannot run on the simulator; load PTX, a CUBIN or a simulator image";
            return CUDA_ERROR_INVALID_IMAGE;
        case ImageKind::Elf:
        case ImageKind::SimulatorImage: {
            bool elf = detectImageKind(image) == ImageKind::Elf;
            bool parsed = elf ? parseCubin(image, module, why)
                              : parseSimulatorImage(static_cast<const char*>(image), module, why);
            if (!parsed) return CUDA_ERROR_INVALID_IMAGE;
            // Like a CUBIN on a GPU: machine code for one architecture, no JIT.
            if (module.targetSm != computeCapability()) {
                why = std::string(elf ? "CUBIN" : "image") + " built for sm_" + std::to_string(module.targetSm) +
                      ", device is sm_" + std::to_string(computeCapability());
                return CUDA_ERROR_NO_BINARY_FOR_GPU;
            }
            return CUDA_SUCCESS;
        }
        case ImageKind::Ptx:
            if (!parsePtx(static_cast<const char*>(image), module, why)) return CUDA_ERROR_INVALID_PTX;
            if (module.ptxIsa > maxPtxIsaForDriver(driverVersion())) {
                why = "PTX ISA " + isaText(module.ptxIsa) + " is newer than driver " + std::to_string(driverVersion()) +
                      " supports (up to " + isaText(maxPtxIsaForDriver(driverVersion())) + ")";
                myelin_sim_count(C_ptx_rejected, 1);
                return CUDA_ERROR_UNSUPPORTED_PTX_VERSION;
            }
            if (module.targetSm > computeCapability()) {
                why = "PTX targets sm_" + std::to_string(module.targetSm) + ", device is sm_" + std::to_string(computeCapability());
                return CUDA_ERROR_INVALID_PTX;
            }
            return CUDA_SUCCESS;
    }
    return CUDA_ERROR_INVALID_IMAGE;
}

std::string sizesText(const unsigned* sizes, std::size_t n) {
    std::string s = "(";
    for (std::size_t i = 0; i < n; i++) s += (i ? "," : "") + std::to_string(sizes[i]);
    return s + ")";
}

CUresult bind(const ModuleDescription& description, SimModule& module, std::string& why) {
    for (const EntryDescription& entry : description.entries) {
        std::string where;
        const MyelinSimKernel* kernel = findKernel(entry.name, where);
        if (kernel == nullptr) {
            why = "no CPU build of kernel " + entry.name + " in " + where;
            return CUDA_ERROR_NOT_FOUND;
        }
        bool same = std::size_t(kernel->paramCount) == entry.paramSizes.size();
        for (std::size_t i = 0; same && i < entry.paramSizes.size(); i++) same = kernel->paramSizes[i] == entry.paramSizes[i];
        if (!same) {
            why = "stale CPU build of kernel " + entry.name + ": parameter sizes " +
                  sizesText(kernel->paramSizes, std::size_t(kernel->paramCount)) + " but the image says " +
                  sizesText(entry.paramSizes.data(), entry.paramSizes.size()) + "; rebuild the simulator kernels";
            return CUDA_ERROR_INVALID_IMAGE;
        }
        auto* f = new SimFunction();
        f->module = &module;
        f->entry = entry;
        f->kernel = kernel;
        f->ptxIsa = description.ptxIsa;
        module.functions.push_back(f);
    }
    return CUDA_SUCCESS;
}

// Copies `why` into the error log buffer a cuModuleLoadDataEx caller passed,
// the way the JIT reports why it refused an image.
void writeErrorLog(unsigned numOptions, CUjit_option* options, void** values, const std::string& why) {
    char* buffer = nullptr;
    std::size_t capacity = 0;
    int sizeIndex = -1;
    for (unsigned i = 0; options != nullptr && values != nullptr && i < numOptions; i++) {
        if (options[i] == CU_JIT_ERROR_LOG_BUFFER) buffer = static_cast<char*>(values[i]);
        if (options[i] == CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES) {
            capacity = reinterpret_cast<std::size_t>(values[i]);
            sizeIndex = int(i);
        }
    }
    if (buffer == nullptr || capacity == 0) return;
    std::snprintf(buffer, capacity, "%s", why.c_str());
    values[sizeIndex] = reinterpret_cast<void*>(std::min(capacity, why.size() + 1));
}

CUresult load(CUmodule* out, const void* image, unsigned numOptions, CUjit_option* options, void** values) {
    ApiLock lock(apiLock());
    SimContext* ctx;
    if (CUresult r = requireContext(&ctx)) return r;
    if (out == nullptr || image == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null module or image");
    ModuleDescription description;
    std::string why;
    CUresult r = describe(image, description, why);
    auto* module = new SimModule();
    module->context = ctx;
    if (r == CUDA_SUCCESS) r = bind(description, *module, why);
    if (r != CUDA_SUCCESS) {
        for (SimFunction* f : module->functions) delete f;
        delete module;
        writeErrorLog(numOptions, options, values, why);
        return fail(r, "module load: " + why);
    }
    module->globals = description.globals;
    liveModules().insert(module);
    myelin_sim_count(C_module_loads, 1);
    *out = module;
    return CUDA_SUCCESS;
}

}  // namespace

MYELIN_SIM_API CUresult cuModuleLoadData(CUmodule* module, const void* image) {
    return load(module, image, 0, nullptr, nullptr);
}

MYELIN_SIM_API CUresult cuModuleLoadDataEx(CUmodule* module, const void* image, unsigned int numOptions,
                                           CUjit_option* options, void** values) {
    return load(module, image, numOptions, options, values);
}

MYELIN_SIM_API CUresult cuModuleLoad(CUmodule* module, const char* path) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (path == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null path");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(CUDA_ERROR_FILE_NOT_FOUND, std::string("cannot open ") + path);
    std::ostringstream text;
    text << in.rdbuf();
    std::string image = text.str();
    return load(module, image.c_str(), 0, nullptr, nullptr);
}

MYELIN_SIM_API CUresult cuModuleUnload(CUmodule module) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (liveModules().erase(module) == 0) return fail(CUDA_ERROR_INVALID_HANDLE, "not a loaded module");
    // Functions stay allocated: a stale CUfunction must be recognisable, not
    // a dangling pointer into freed memory.
    for (SimFunction* f : module->functions) f->module = nullptr;
    for (void* g : module->registeredGlobals) forgetModuleGlobal(g);
    return CUDA_SUCCESS;
}

// The variable lives in the CPU build of the module's source: found by its
// (unmangled or Itanium-mangled) name in the library of one of its kernels,
// sized by the PTX declaration.
MYELIN_SIM_API CUresult cuModuleGetGlobal_v2(CUdeviceptr* dptr, std::size_t* bytes, CUmodule module, const char* name) {
    ApiLock lock(apiLock());
    SimContext* ctx;
    if (CUresult r = requireContext(&ctx)) return r;
    if (name == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null name");
    if (liveModules().count(module) == 0) return fail(CUDA_ERROR_INVALID_HANDLE, "not a loaded module");
    const GlobalDescription* global = nullptr;
    for (const GlobalDescription& g : module->globals)
        if (g.name == name) global = &g;
    void* address = nullptr;
    for (SimFunction* f : module->functions)
        if (address == nullptr) address = findVariable(f->kernel, name);
    if (global == nullptr || address == nullptr)
        return fail(CUDA_ERROR_NOT_FOUND, std::string("no module variable named ") + name);
    registerModuleGlobal(address, global->bytes, ctx);
    module->registeredGlobals.push_back(address);
    if (dptr != nullptr) *dptr = reinterpret_cast<CUdeviceptr>(address);
    if (bytes != nullptr) *bytes = global->bytes;
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuModuleGetFunction(CUfunction* function, CUmodule module, const char* name) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (function == nullptr || name == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null function or name");
    if (liveModules().count(module) == 0) return fail(CUDA_ERROR_INVALID_HANDLE, "not a loaded module");
    for (SimFunction* f : module->functions) {
        if (f->entry.name == name) {
            *function = f;
            return CUDA_SUCCESS;
        }
    }
    return fail(CUDA_ERROR_NOT_FOUND, std::string("no kernel named ") + name + " in the module");
}

namespace myelin_sim {
bool isLiveFunction(SimFunction* f) { return f != nullptr && f->module != nullptr && liveModules().count(f->module) != 0; }
}  // namespace myelin_sim

MYELIN_SIM_API CUresult cuFuncGetAttribute(int* value, int attribute, CUfunction f) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (value == nullptr) return fail(CUDA_ERROR_INVALID_VALUE, "null value");
    if (!isLiveFunction(f)) return fail(CUDA_ERROR_INVALID_HANDLE, "not a live function");
    switch (attribute) {
        case CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *value = DeviceLimits::maxThreadsPerBlock; break;
        case CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES: *value = int(f->entry.staticSharedBytes); break;
        case CU_FUNC_ATTRIBUTE_NUM_REGS: *value = 32; break;
        case CU_FUNC_ATTRIBUTE_PTX_VERSION: *value = f->ptxIsa; break;
        case CU_FUNC_ATTRIBUTE_BINARY_VERSION: *value = computeCapability(); break;
        case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES:
            *value = f->maxDynamicShared >= 0 ? f->maxDynamicShared
                                              : DeviceLimits::sharedPerBlock - int(f->entry.staticSharedBytes);
            break;
        case CU_FUNC_ATTRIBUTE_CONST_SIZE_BYTES:
        case CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES: *value = 0; break;
        default: return fail(CUDA_ERROR_INVALID_VALUE, "unsupported function attribute " + std::to_string(attribute));
    }
    return CUDA_SUCCESS;
}

MYELIN_SIM_API CUresult cuFuncSetAttribute(CUfunction f, int attribute, int value) {
    ApiLock lock(apiLock());
    if (CUresult r = requireContext()) return r;
    if (!isLiveFunction(f)) return fail(CUDA_ERROR_INVALID_HANDLE, "not a live function");
    if (attribute != CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES)
        return fail(CUDA_ERROR_INVALID_VALUE, "only the dynamic shared memory limit can be set");
    if (value < 0 || unsigned(value) + f->entry.staticSharedBytes > unsigned(DeviceLimits::sharedPerBlockOptin))
        return fail(CUDA_ERROR_INVALID_VALUE, "dynamic shared memory limit above the opt-in maximum");
    f->maxDynamicShared = value;
    return CUDA_SUCCESS;
}
