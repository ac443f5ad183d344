package dev.myelin.kernels;

import static dev.myelin.cuda.LaunchGeometry.columnGrid;
import static dev.myelin.cuda.LaunchGeometry.elementGrid;
import static dev.myelin.cuda.LaunchGeometry.rowGrid;
import static dev.myelin.kernels.KernelHarness.assertClose;
import static dev.myelin.kernels.KernelHarness.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.Tensor;
import dev.myelin.sim.SimulatedDevice;
import java.util.Random;
import java.util.stream.Stream;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code layers.cu} against the float64 CPU backend: batch norm (training forward with its saved
 * statistics and running estimates, inference, backward), layer norm, PReLU and maxout, on odd
 * shapes (features not a multiple of the 32-column block, rows not of the 8-row stripe).
 * Statistics and sums in double, each result rounded to float once: 1e-5 relative + 1e-5
 * absolute; maxout and its arg-max exact.
 */
@SimulatedDevice
class LayerKernelsTest extends KernelTestCase {

    private static final double REL = 1e-5;
    private static final double ABS = 1e-5;

    /** The (rows, features) cases of the batch-norm and PReLU tests. */
    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(2, 1), Arguments.of(3, 33), Arguments.of(37, 45), Arguments.of(130, 70), Arguments.of(9, 5));
    }

    private static float[] toFloat(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void batchNormTrainingForwardInferenceAndBackwardMatchFloat64(int n, int d) {
        Random random = new Random(51);
        String shape = n + "x" + d;
        // A large mean next to a unit spread: E[x²] − E[x]² would lose digits here, two passes do not.
        float[] x = random(random, n * d, 300, 302);
        float[] gamma = random(random, d, 0.5, 1.5);
        float[] beta = random(random, d, -1, 1);
        float[] rm = random(random, d, -1, 1);
        float[] rv = random(random, d, 0.5, 2);
        Tensor tx = h.tensor(x, n, d);
        Tensor tg = h.tensor(gamma, 1, d);
        Tensor tb = h.tensor(beta, 1, d);
        Tensor trm = h.tensor(rm, 1, d);
        Tensor trv = h.tensor(rv, 1, d);
        Tensor out = h.cpu.allocate(n, d);
        Tensor mean = h.cpu.allocate(1, d);
        Tensor invStd = h.cpu.allocate(1, d);
        h.cpu.batchNormForwardTraining(new BatchNormSettings(1e-5, 0.1), tx, tg, tb, trm, trv, out, mean, invStd);
        CUdeviceptr dx = h.upload(x);
        CUdeviceptr dg = h.upload(gamma);
        CUdeviceptr db = h.upload(beta);
        CUdeviceptr drm = h.upload(rm);
        CUdeviceptr drv = h.upload(rv);
        CUdeviceptr dout = h.upload(new float[n * d]);
        CUdeviceptr dmean = h.upload(new float[d]);
        CUdeviceptr dinv = h.upload(new float[d]);
        h.launchColumns(h.function("myelin_batch_norm_forward_training"), columnGrid(d), dx, dg, db, 1e-5f, 0.1f, drm, drv, dout,
                dmean, dinv, n, d);
        assertClose("BN out " + shape, h.download(dout, n * d), h.values(out), REL, ABS);
        assertClose("BN savedMean " + shape, h.download(dmean, d), h.values(mean), 1e-6, 0);
        assertClose("BN savedInvStd " + shape, h.download(dinv, d), h.values(invStd), REL, 0);
        assertClose("BN runningMean " + shape, h.download(drm, d), h.values(trm), 1e-6, 1e-6);
        assertClose("BN runningVar " + shape, h.download(drv, d), h.values(trv), REL, 1e-6);

        Tensor inf = h.cpu.allocate(n, d);
        h.cpu.batchNormForwardInference(new BatchNormSettings(1e-3, 0.1), tx, tg, tb, h.tensor(rm, 1, d), h.tensor(rv, 1, d), inf);
        CUdeviceptr dinf = h.upload(new float[n * d]);
        h.launch1d(h.function("myelin_batch_norm_forward_inference"), elementGrid((long) n * d), dx, dg, db, 1e-3f,
                h.upload(rm), h.upload(rv), dinf, n, d);
        // x − r_μ ≈ 300 and the output ≈ 300/√σ²: float rounding of 300-sized values.
        assertClose("BN inference " + shape, h.download(dinf, n * d), h.values(inf), REL, 1e-4);

        float[] dy = random(random, n * d, -1, 1);
        float[] savedMean = h.download(dmean, d);
        float[] savedInv = h.download(dinv, d);
        Tensor gx = h.cpu.allocate(n, d);
        Tensor gg = h.cpu.allocate(1, d);
        Tensor gb = h.cpu.allocate(1, d);
        h.cpu.batchNormBackward(tx, h.tensor(dy, n, d), tg, h.tensor(savedMean, 1, d), h.tensor(savedInv, 1, d), gx, gg, gb);
        CUdeviceptr dgx = h.upload(new float[n * d]);
        CUdeviceptr dgg = h.upload(new float[d]);
        CUdeviceptr dgb = h.upload(new float[d]);
        h.launchColumns(h.function("myelin_batch_norm_backward"), columnGrid(d), dx, h.upload(dy), dg, dmean, dinv, dgx, dgg, dgb,
                n, d);
        // gradX is a difference of O(1) terms scaled by 1/σ: 1e-4 absolute.
        assertClose("BN gradX " + shape, h.download(dgx, n * d), h.values(gx), REL, 1e-4);
        assertClose("BN gradGamma " + shape, h.download(dgg, d), h.values(gg), REL, ABS);
        assertClose("BN gradBeta " + shape, h.download(dgb, d), h.values(gb), REL, ABS);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "3, 33", "37, 45", "130, 70", "9, 300"})
    void layerNormForwardAndBackwardMatchFloat64(int n, int d) {
        Random random = new Random(52);
        String shape = n + "x" + d;
        float[] x = random(random, n * d, -3, 5);
        float[] gamma = random(random, d, 0.5, 1.5);
        float[] beta = random(random, d, -1, 1);
        Tensor tx = h.tensor(x, n, d);
        Tensor tg = h.tensor(gamma, 1, d);
        Tensor out = h.cpu.allocate(n, d);
        Tensor mean = h.cpu.allocate(n, 1);
        Tensor inv = h.cpu.allocate(n, 1);
        h.cpu.layerNormForward(tx, tg, h.tensor(beta, 1, d), 1e-5, out, mean, inv);
        CUdeviceptr dx = h.upload(x);
        CUdeviceptr dg = h.upload(gamma);
        CUdeviceptr dout = h.upload(new float[n * d]);
        CUdeviceptr dmean = h.upload(new float[n]);
        CUdeviceptr dinv = h.upload(new float[n]);
        h.launch1d(h.function("myelin_layer_norm_forward"), rowGrid(n), dx, dg, h.upload(beta), 1e-5f, dout, dmean, dinv, n, d);
        assertClose("LN out " + shape, h.download(dout, n * d), h.values(out), REL, ABS);
        assertClose("LN savedMean " + shape, h.download(dmean, n), h.values(mean), 1e-6, 1e-7);
        assertClose("LN savedInvStd " + shape, h.download(dinv, n), h.values(inv), REL, 0);

        float[] dy = random(random, n * d, -1, 1);
        Tensor gx = h.cpu.allocate(n, d);
        Tensor gg = h.cpu.allocate(1, d);
        Tensor gb = h.cpu.allocate(1, d);
        h.cpu.layerNormBackward(tx, h.tensor(dy, n, d), tg, h.tensor(h.download(dmean, n), n, 1), h.tensor(h.download(dinv, n), n, 1), gx,
                gg, gb);
        CUdeviceptr ddy = h.upload(dy);
        CUdeviceptr dgx = h.upload(new float[n * d]);
        CUdeviceptr dgg = h.upload(new float[d]);
        CUdeviceptr dgb = h.upload(new float[d]);
        h.launch1d(h.function("myelin_layer_norm_backward"), rowGrid(n), dx, ddy, dg, dmean, dinv, dgx, n, d);
        h.launchColumns(h.function("myelin_layer_norm_backward_params"), columnGrid(d), dx, ddy, dmean, dinv, dgg, dgb, n, d);
        assertClose("LN gradX " + shape, h.download(dgx, n * d), h.values(gx), REL, 1e-4);
        assertClose("LN gradGamma " + shape, h.download(dgg, d), h.values(gg), REL, ABS);
        assertClose("LN gradBeta " + shape, h.download(dgb, d), h.values(gb), REL, ABS);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void preluForwardAndBackwardWithItsAlphaGradientMatchFloat64(int n, int d) {
        Random random = new Random(53);
        String shape = n + "x" + d;
        float[] z = random(random, n * d, -2, 2);
        float[] alpha = random(random, d, -0.5, 0.5);
        float[] dy = random(random, n * d, -1, 1);
        Tensor tz = h.tensor(z, n, d);
        Tensor ta = h.tensor(alpha, 1, d);
        Tensor out = h.cpu.allocate(n, d);
        h.cpu.preluForward(tz, ta, out);
        CUdeviceptr dz = h.upload(z);
        CUdeviceptr da = h.upload(alpha);
        CUdeviceptr dout = h.upload(new float[n * d]);
        h.launch1d(h.function("myelin_prelu_forward"), elementGrid((long) n * d), dz, da, dout, n, d);
        assertClose("PReLU out " + shape, h.download(dout, n * d), h.values(out), 1e-6, 1e-7);

        Tensor gz = h.cpu.allocate(n, d);
        Tensor ga = h.cpu.allocate(1, d);
        h.cpu.preluBackward(tz, ta, h.tensor(dy, n, d), gz, ga);
        CUdeviceptr dgz = h.upload(new float[n * d]);
        CUdeviceptr dga = h.upload(random(random, d, 5, 6)); // overwritten
        h.launchColumns(h.function("myelin_prelu_backward"), columnGrid(d), dz, da, h.upload(dy), dgz, dga, n, d);
        assertClose("PReLU gradZ " + shape, h.download(dgz, n * d), h.values(gz), 1e-6, 1e-7);
        assertClose("PReLU gradAlpha " + shape, h.download(dga, d), h.values(ga), REL, ABS);
    }

    @Test
    void maxoutForwardRecordsTheFirstMaximumAndBackwardRoutesTheGradientExactly() {
        Random random = new Random(54);
        int[][] cases = {{1, 1, 1}, {7, 5, 3}, {37, 11, 4}, {130, 3, 2}};
        for (int[] c : cases) {
            int n = c[0];
            int units = c[1];
            int k = c[2];
            String shape = n + "x" + units + " k=" + k;
            float[] z = random(random, n * units * k, -2, 2);
            if (k > 1) {
                z[0] = 1.5f;
                z[1] = 1.5f; // a tie in the first group: r = 0 wins
            }
            Tensor out = h.cpu.allocate(n, units);
            Tensor arg = h.cpu.allocateInt32(n, units);
            h.cpu.maxoutForward(h.tensor(z, n, units * k), k, out, arg);
            CUdeviceptr dout = h.upload(new float[n * units]);
            CUdeviceptr darg = h.upload(new int[n * units]);
            h.launch1d(h.function("myelin_maxout_forward"), elementGrid((long) n * units), h.upload(z), k, dout, darg, n, units);
            assertClose("maxout out " + shape, h.download(dout, n * units), h.values(out), 0, 0);
            assertThat(h.downloadInts(darg, n * units)).as("maxout argmax " + shape).containsExactly(h.ints(arg));

            float[] dy = random(random, n * units, -1, 1);
            Tensor gz = h.cpu.allocate(n, units * k);
            h.cpu.maxoutBackward(h.tensor(dy, n, units), arg, k, gz);
            CUdeviceptr dgz = h.upload(random(random, n * units * k, 5, 6)); // every element overwritten
            CUdeviceptr status = h.statusWord();
            h.launch1d(h.function("myelin_maxout_backward"), elementGrid((long) n * units), h.upload(dy), darg, k, dgz, n, units, status);
            assertClose("maxout gradZ " + shape, h.download(dgz, n * units * k), h.values(gz), 0, 0);
            assertThat(h.downloadLongs(status, 2)).as("status record " + shape).containsExactly(-1L, 0L);
        }
    }

    /**
     * An arg-max that is no index in [0, k) gives its (row, unit) no gradient (the CPU backend throws), and the lowest
     * such element is reported with its value and the bounds: {@code element << 32 | arg-max}, {@code units << 32 | k}.
     */
    @Test
    void maxoutBackwardGivesAnArgmaxOutsideTheGroupNoGradientAndReportsIt() {
        int k = 3;
        int[] arg = {0, 1, 2, 2, -1, 3, Integer.MIN_VALUE, Integer.MAX_VALUE, 1, 0}; // row 0: units 0..4, row 1: units 0..4
        int n = 2;
        int units = 5;
        float[] dy = new float[n * units];
        double[] expected = new double[n * units * k];
        for (int e = 0; e < n * units; e++) {
            dy[e] = e + 1;
            if (arg[e] >= 0 && arg[e] < k) {
                expected[e * k + arg[e]] = e + 1;
            }
        }
        CUdeviceptr dgz = h.upload(random(new Random(55), n * units * k, 5, 6));
        CUdeviceptr status = h.statusWord();
        h.launch1d(h.function("myelin_maxout_backward"), 1, h.upload(dy), h.upload(arg), k, dgz, n, units, status);
        assertClose("maxout gradZ with arg-maxes outside [0, 3)", h.download(dgz, n * units * k), expected, 0, 0);
        assertThat(h.downloadLongs(status, 2)).as("status record: argmax[0, 4] = -1, units 5, k 3")
                .containsExactly(4L << 32 | 0xffffffffL, 5L << 32 | 3);
        h.launch1d(h.function("myelin_maxout_backward"), 1, h.upload(dy), h.upload(arg), k, dgz, n, units, null);
        assertClose("maxout gradZ without a status record", h.download(dgz, n * units * k), expected, 0, 0);
    }
}
