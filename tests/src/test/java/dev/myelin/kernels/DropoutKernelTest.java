package dev.myelin.kernels;

import static dev.myelin.kernels.KernelHarness.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.cuda.LaunchGeometry;
import dev.myelin.sim.SimulatedDevice;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code dropout.cu} (Philox4x32-10 in {@code philox.cuh}) draws exactly the CPU backend's masks:
 * bit for bit the float32 CPU backend's, and the float64 one's rounded to float, for seeds and
 * steps that use their high 32 bits, several layers and drop probabilities, and sizes that are
 * not multiples of the 4 elements of a Philox block or of the thread block.
 */
@SimulatedDevice
class DropoutKernelTest extends KernelTestCase {

    private CpuBackend cpu32;

    @BeforeEach
    void open() {
        cpu32 = new CpuBackend(DType.FLOAT32, BackendOptions.defaults());
    }

    @AfterEach
    void close() {
        cpu32.close();
    }

    private float[] kernelMask(long seed, long step, int layer, double p, int n) {
        CUdeviceptr mask = h.upload(new float[n]);
        h.launch1d(h.function("myelin_dropout_mask"), LaunchGeometry.dropoutGrid(n), seed, step, layer, p, mask, n);
        return h.download(mask, n);
    }

    @Test
    void masksAreIdenticalToTheCpuBackendsForTheSameSeedStepAndLayer() {
        long[] seeds = {0L, 42L, 0x9E3779B97F4A7C15L, -1L};
        long[] steps = {0L, 1L, 123_456L, (1L << 32) + 7};
        int[] layers = {0, 3};
        double[] ps = {0.0, 0.1, 0.5, 1.0 / 3, 0.9};
        int[] sizes = {1, 3, 5, 1027, 10_007};
        int checked = 0;
        for (long seed : seeds) {
            for (long step : steps) {
                for (int layer : layers) {
                    for (double p : ps) {
                        int n = sizes[checked++ % sizes.length];
                        float[] mask = kernelMask(seed, step, layer, p, n);
                        Tensor expected32 = cpu32.allocate(1, n);
                        cpu32.dropoutMask(seed, step, layer, p, expected32);
                        double[] e32 = new double[n];
                        cpu32.download(expected32, e32, 0);
                        expected32.close();
                        float[] f32 = new float[n];
                        for (int i = 0; i < n; i++) {
                            f32[i] = (float) e32[i];
                        }
                        String what = "seed=" + seed + " step=" + step + " layer=" + layer + " p=" + p + " n=" + n;
                        assertThat(mask).as(what).isEqualTo(f32);
                        Tensor expected64 = h.cpu.allocate(1, n);
                        h.cpu.dropoutMask(seed, step, layer, p, expected64);
                        assertClose(what + " vs float64", mask, h.values(expected64), 1e-7, 0);
                    }
                }
            }
        }
    }

    @Test
    void aSingleBlockDrawsTheSameMaskByStridingOverTheGrid() {
        int n = 5003;
        CUdeviceptr mask = h.upload(new float[n]);
        h.launch1d(h.function("myelin_dropout_mask"), 1, 99L, 5L, 2, 0.25, mask, n);
        assertThat(h.download(mask, n)).isEqualTo(kernelMask(99L, 5L, 2, 0.25, n));
    }

    @Test
    void theKeptFractionIsOneMinusP() {
        int n = 100_000;
        float[] mask = kernelMask(7, 3, 1, 0.3, n);
        int kept = 0;
        for (float m : mask) {
            if (m != 0) {
                kept++;
                assertThat(m).isEqualTo((float) (1 / 0.7));
            }
        }
        // Binomial(100000, 0.7): standard deviation 145; 5 of them.
        assertThat(kept).isBetween(70_000 - 725, 70_000 + 725);
    }
}
