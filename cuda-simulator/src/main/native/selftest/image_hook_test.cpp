// Checks the NVRTC hook end to end without NVRTC: the image that
// myelin_sim_image_for_source makes for sim_pipeline.cu loads under a CUDA
// 12.6 driver (which refuses nvcc 13's PTX of the same file) and its kernel
// runs. Prints the image; exits non-zero on failure.
//
// usage: image-hook-test KERNEL-LIBRARY-DIR
#include <cstdio>
#include <cstdlib>
#include <string>

#include "selftest_driver.h"
#include "myelin_sim_abi.h"

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    setenv("MYELIN_SIM_KERNELS", argv[1], 1);
    setenv("MYELIN_SIM_DRIVER_VERSION", "12060", 1);
    if (myelin_sim_image_for_source("no_such_file.cu", nullptr, 0) != -1) {
        std::printf("an image for a source that was never built\n");
        return 1;
    }
    long length = myelin_sim_image_for_source("sim_pipeline.cu", nullptr, 0);
    if (length <= 0) {
        std::printf("no image for sim_pipeline.cu\n");
        return 1;
    }
    std::string image(std::size_t(length) + 1, '\0');
    myelin_sim_image_for_source("sim_pipeline.cu", image.data(), image.size());
    std::printf("%s", image.c_str());

    CUfunction f;
    CHECK(loadKernel(image.c_str(), "bias_relu", &f));
    float y[6] = {-1, 0.5f, 2, -3, 1, 0}, bias[3] = {0.5f, -1, 1};
    CUdeviceptr dy, db;
    CHECK(upload(&dy, y, sizeof y));
    CHECK(upload(&db, bias, sizeof bias));
    int rows = 2, cols = 3;
    void* params[] = {&dy, &db, &rows, &cols};
    CHECK(cuLaunchKernel(f, 1, 1, 1, 32, 1, 1, 0, nullptr, params, nullptr));
    CHECK(cuMemcpyDtoH_v2(y, dy, sizeof y));
    const float expect[6] = {0, 0, 3, 0, 0, 1};
    for (int i = 0; i < 6; i++) {
        if (y[i] != expect[i]) {
            std::printf("y[%d] = %g, expected %g\n", i, double(y[i]), double(expect[i]));
            return 1;
        }
    }
    std::printf("image-hook-test: simulator image loaded under driver 12060 and bias_relu ran\n");
    return 0;
}
