// Times the simulator on a reduction of 1024 blocks x 256 threads,
// 20 barriers per block (kernel reduce_twenty_barriers of sim_emulation.cu),
// through the driver API exactly as JCuda would call it. Prints the best of
// several runs; the target is under 0.5 s on the 2-core build machines.
//
// usage: reduction-bench PTX-FILE KERNEL-LIBRARY-DIR [runs]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "selftest_driver.h"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s PTX-FILE KERNEL-LIBRARY-DIR [runs]\n", argv[0]);
        return 2;
    }
    int runs = argc > 3 ? std::atoi(argv[3]) : 5;
    setenv("MYELIN_SIM_KERNELS", argv[2], 1);
    // nvcc 13 writes PTX ISA 9.0: simulate a driver that loads it.
    setenv("MYELIN_SIM_DRIVER_VERSION", "13000", 1);
    std::ifstream file(argv[1]);
    std::stringstream text;
    text << file.rdbuf();
    std::string ptx = text.str();

    const unsigned blocks = 1024, threads = 256;
    CUfunction kernel;
    CHECK(loadKernel(ptx.c_str(), "reduce_twenty_barriers", &kernel));
    std::vector<float> in(blocks * threads), out(blocks);
    for (std::size_t i = 0; i < in.size(); i++) in[i] = float(i % 7) - 3.0f;
    CUdeviceptr dIn, dOut;
    CHECK(upload(&dIn, in.data(), in.size() * 4));
    CHECK(upload(&dOut, nullptr, out.size() * 4));
    void* params[] = {&dIn, &dOut};
    double best = 1e9;
    for (int run = 0; run < runs; run++) {
        auto start = std::chrono::steady_clock::now();
        CHECK(cuLaunchKernel(kernel, blocks, 1, 1, threads, 1, 1, 0, nullptr, params, nullptr));
        CHECK(cuCtxSynchronize());
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = seconds < best ? seconds : best;
    }
    CHECK(cuMemcpyDtoH_v2(out.data(), dOut, out.size() * 4));
    for (unsigned b = 0; b < blocks; b++) {
        double expect = 0;
        for (unsigned t = 0; t < threads; t++) expect += in[b * threads + t];
        expect *= threads;
        if (std::fabs(out[b] - expect) > 1e-3 * (1 + std::fabs(expect))) {
            std::fprintf(stderr, "block %u: %g, expected %g\n", b, double(out[b]), expect);
            return 1;
        }
    }
    std::printf("reduction-bench: %u blocks x %u threads, 20 barriers per block: best of %d runs %.3f s "
                "(%.1f ns per thread-barrier)\n",
                blocks, threads, runs, best, best * 1e9 / (double(blocks) * threads * 20));
    return 0;
}
