#include "kernel_libraries.h"

#include <dirent.h>
#include <dlfcn.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <map>
#include <vector>

namespace myelin_sim {

namespace {

struct Index {
    std::string searchPath;
    std::map<std::string, const MyelinSimKernel*> byName;
    std::map<std::string, std::vector<const MyelinSimKernel*>> bySource;
    std::map<const MyelinSimKernel*, void*> libraryOf;
};

void loadLibrary(const std::string& path, Index& index) {
    // RTLD_LOCAL: every kernel library exports the same myelin_sim_kernels.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        std::fprintf(stderr, "myelin-sim: cannot load kernel library %s: %s\n", path.c_str(), dlerror());
        return;
    }
    auto table = reinterpret_cast<MyelinSimKernelTable>(dlsym(handle, "myelin_sim_kernels"));
    if (table == nullptr) return;
    int count = 0;
    const MyelinSimKernel* kernels = table(&count);
    auto source = reinterpret_cast<MyelinSimKernelSource>(dlsym(handle, "myelin_sim_source"));
    if (source != nullptr)
        for (int i = 0; i < count; i++) index.bySource[source()].push_back(&kernels[i]);
    for (int i = 0; i < count; i++) {
        index.libraryOf[&kernels[i]] = handle;
        if (index.byName.count(kernels[i].name) != 0) {
            std::fprintf(stderr, "myelin-sim: kernel %s is built twice; using the first (%s ignored)\n",
                         kernels[i].name, path.c_str());
            continue;
        }
        index.byName[kernels[i].name] = &kernels[i];
    }
}

void loadPathElement(const std::string& element, Index& index) {
    struct stat info;
    if (stat(element.c_str(), &info) != 0) return;
    if (!S_ISDIR(info.st_mode)) {
        loadLibrary(element, index);
        return;
    }
    DIR* dir = opendir(element.c_str());
    if (dir == nullptr) return;
    std::vector<std::string> names;
    while (dirent* e = readdir(dir)) {
        std::string name = e->d_name;
        if (name.size() > 3 && name.compare(name.size() - 3, 3, ".so") == 0) names.push_back(name);
    }
    closedir(dir);
    std::sort(names.begin(), names.end());
    for (auto& name : names) loadLibrary(element + "/" + name, index);
}

Index& index() {
    static Index built = [] {
        Index idx;
        const char* env = std::getenv("MYELIN_SIM_KERNELS");
        idx.searchPath = env != nullptr ? env : "";
        std::size_t start = 0;
        while (start <= idx.searchPath.size()) {
            std::size_t colon = idx.searchPath.find(':', start);
            std::string element = idx.searchPath.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
            if (!element.empty()) loadPathElement(element, idx);
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
        return idx;
    }();
    return built;
}

}  // namespace

const MyelinSimKernel* findKernel(const std::string& entry, std::string& where) {
    Index& idx = index();
    where = idx.searchPath.empty() ? "(MYELIN_SIM_KERNELS is not set)" : idx.searchPath;
    auto it = idx.byName.find(entry);
    return it == idx.byName.end() ? nullptr : it->second;
}

void* findVariable(const MyelinSimKernel* kernel, const std::string& symbol) {
    Index& idx = index();
    auto it = idx.libraryOf.find(kernel);
    return it == idx.libraryOf.end() ? nullptr : dlsym(it->second, symbol.c_str());
}

const std::vector<const MyelinSimKernel*>* kernelsBuiltFrom(const std::string& source) {
    Index& idx = index();
    auto it = idx.bySource.find(source);
    return it == idx.bySource.end() ? nullptr : &it->second;
}

}  // namespace myelin_sim
