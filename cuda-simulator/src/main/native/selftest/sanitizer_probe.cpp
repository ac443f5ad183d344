// Launches one kernel of sim_broken.cu, (const float* x, int* out, int n) on
// one block of 32 threads, in a process of its own, so that a sanitised kernel
// library (UBSan ends the process on its first report) or guard-page mode
// (MYELIN_SIM_GUARD_PAGES=1: an overrun is a SIGSEGV) can be shown to catch a
// broken kernel without taking a test JVM down. x holds 0, 0.5, 1, ... with a
// NaN at 5 and 3e9 at 6; out holds 32 ints. Exit 0 when the launch succeeded.
//
// usage: sanitizer-probe PTX-FILE KERNEL-LIBRARY-DIR KERNEL
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "selftest_driver.h"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s PTX-FILE KERNEL-LIBRARY-DIR KERNEL\n", argv[0]);
        return 2;
    }
    setenv("MYELIN_SIM_KERNELS", argv[2], 1);
    setenv("MYELIN_SIM_DRIVER_VERSION", "13000", 1);  // nvcc 13's PTX ISA 9.0
    std::ifstream file(argv[1]);
    std::stringstream text;
    text << file.rdbuf();
    std::string ptx = text.str();

    int n = 32;
    float x[32];
    for (int i = 0; i < n; i++) x[i] = 0.5f * i;
    x[5] = std::nanf("");
    x[6] = 3e9f;
    CUfunction kernel;
    CUdeviceptr dx, dout;
    CHECK(loadKernel(ptx.c_str(), argv[3], &kernel));
    CHECK(upload(&dx, x, sizeof x));
    CHECK(upload(&dout, nullptr, n * sizeof(int)));
    void* params[] = {&dx, &dout, &n};
    CHECK(cuLaunchKernel(kernel, 1, 1, 1, 32, 1, 1, 0, nullptr, params, nullptr));
    std::printf("launched %s\n", argv[3]);
    return 0;
}
