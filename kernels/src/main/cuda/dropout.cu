// Inverted-dropout masks of dev.myelin.backend.Backend#dropoutMask, identical
// bit for bit to the CPU backend's: mask[e] = u ≥ p ? (float)(1/(1−p)) : 0 where
// u is DropoutStream.uniform(seed, step, layer, e) (see philox.cuh). p is a
// double so that the comparison is the CPU's exactly (u is exact in both).
//
// Launch geometry: one thread per Philox block of 4 consecutive elements,
// 1-D blocks of 256, any 1-D grid (grid-stride over ceil(n / 4) blocks);
// the backend uses ceil(n / 1024) blocks capped at 4096.
#include "myelin_common.cuh"
#include "philox.cuh"

extern "C" __global__ void myelin_dropout_mask(unsigned long long seed, unsigned long long step, int layer, double p, float* mask,
                                               int n) {
    float scale = (float)(1.0 / (1.0 - p));
    long long blocks = ((long long)n + 3) >> 2;
    MYELIN_GRID_STRIDE(b, blocks) {
        myelin_philox_out r = myelin_dropout_block(seed, step, layer, (unsigned long long)b);
        long long first = b << 2;
        for (int k = 0; k < 4; k++) {
            long long e = first + k;
            if (e < n) {
                double u = (double)(r.w[k] >> 8) * (1.0 / 16777216.0);
                mask[e] = u >= p ? scale : 0.0f;
            }
        }
    }
}
