package dev.myelin.kernels;

import static dev.myelin.cuda.LaunchGeometry.columnGrid;
import static dev.myelin.cuda.LaunchGeometry.reduceGrid;
import static dev.myelin.kernels.KernelHarness.assertClose;
import static dev.myelin.kernels.KernelHarness.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Tensor;
import dev.myelin.cuda.LaunchGeometry;
import dev.myelin.sim.SimulatedDevice;
import java.util.Random;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code reductions.cu} against the float64 CPU backend. Sums accumulate in double on both sides
 * (in different orders) and the kernel rounds the total to float once: tolerance 1e-6 relative
 * (a few float ulps) + 1e-6 absolute; counts are exact.
 */
@SimulatedDevice
class ReductionKernelsTest extends KernelTestCase {

    private static final double REL = 1e-6;
    private static final double ABS = 1e-6;

    private CUdeviceptr partials;
    private CUdeviceptr counter;

    @BeforeEach
    void open() {
        partials = h.workspace(8L * LaunchGeometry.REDUCE_MAX_BLOCKS);
        counter = h.allocate(4);
    }

    private float reduce(String entry, float[] x) {
        CUdeviceptr out = h.upload(new float[] {Float.NaN}); // overwritten, never read
        h.poison(partials, 8L * LaunchGeometry.REDUCE_MAX_BLOCKS); // whatever the last launch left is never read
        h.launch1d(h.function(entry), reduceGrid(x.length), h.upload(x), x.length, partials, counter, out);
        return h.download(out, 1)[0];
    }

    @Test
    void sumOfSquaresAndSumOfAbsMatchFloat64OnSizesAcrossBlockAndGridLimits() {
        Random random = new Random(21);
        // 300000 elements need more than the 1024-block cap: the grid-stride part runs too.
        for (int n : new int[] {0, 1, 255, 257, 5000, 300_001}) {
            float[] x = random(random, n, -3, 3);
            Tensor t = h.tensor(x, 1, Math.max(n, 0));
            Tensor out = h.cpu.allocate(1, 1);
            h.cpu.sumOfSquares(t, out);
            assertClose("sumOfSquares n=" + n, new float[] {reduce("myelin_sum_squares", x)}, h.values(out), REL, ABS);
            h.cpu.sumOfAbs(t, out);
            assertClose("sumOfAbs n=" + n, new float[] {reduce("myelin_sum_abs", x)}, h.values(out), REL, ABS);
        }
        assertThat(h.download(counter, 1)[0]).as("the last block resets the ticket counter").isEqualTo(0f);
    }

    @Test
    void countNonFiniteCountsNaNAndInfinitiesExactly() {
        Random random = new Random(22);
        int n = 70_003;
        float[] x = random(random, n, -1, 1);
        for (int i = 0; i < 57; i++) {
            int at = random.nextInt(n);
            x[at] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        Tensor out = h.cpu.allocate(1, 1);
        h.cpu.countNonFinite(h.tensor(x, 1, n), out);
        assertClose("countNonFinite", new float[] {reduce("myelin_count_non_finite", x)}, h.values(out), 0, 0);
    }

    @Test
    void aReductionIsTheSameBitsEveryTime() {
        float[] x = random(new Random(23), 123_457, -1, 1);
        float first = reduce("myelin_sum_squares", x);
        for (int i = 0; i < 3; i++) {
            assertThat(reduce("myelin_sum_squares", x)).isEqualTo(first);
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "2, 33", "37, 45", "129, 70", "300, 3"})
    void columnSumsWithBetaZeroOneAndAHalfMatchFloat64(int rows, int cols) {
        Random random = new Random(24);
        float[] m = random(random, rows * cols, -2, 2);
        for (double beta : new double[] {0, 1, 0.5}) {
            float[] init = random(random, cols, -2, 2);
            if (beta == 0) {
                init[0] = Float.NaN; // β = 0 overwrites
            }
            Tensor out = h.tensor(init, 1, cols);
            h.cpu.columnSums(h.tensor(m, rows, cols), beta, out);
            CUdeviceptr dout = h.upload(init);
            h.launchColumns(h.function("myelin_column_sums"), columnGrid(cols), h.upload(m), rows, cols, (float) beta, dout);
            assertClose("columnSums " + rows + "x" + cols + " beta=" + beta, h.download(dout, cols), h.values(out), REL, ABS);
        }
    }

    @Test
    void clipScaleOnTheDeviceMatchesFloat64AndIsNaNForANonFiniteNorm() {
        for (float sumSquares : new float[] {0f, 0.25f, 1f, 16f, 1e6f, Float.NaN, Float.POSITIVE_INFINITY}) {
            for (double maxNorm : new double[] {0.5, 1.0, 5.0}) {
                Tensor expected = h.cpu.allocate(1, 1);
                h.cpu.clipScale(h.tensor(new float[] {sumSquares}, 1, 1), maxNorm, expected);
                CUdeviceptr scale = h.upload(new float[] {-1f});
                h.launch(h.function("myelin_clip_scale"), 1, 1, 1, h.upload(new float[] {sumSquares}), maxNorm, scale);
                assertClose("clipScale(" + sumSquares + ", " + maxNorm + ")", h.download(scale, 1), h.values(expected), 1e-7, 0);
            }
        }
    }
}
