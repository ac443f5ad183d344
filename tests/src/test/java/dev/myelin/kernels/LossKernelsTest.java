package dev.myelin.kernels;

import static dev.myelin.cuda.LaunchGeometry.rowGrid;
import static dev.myelin.kernels.KernelHarness.assertClose;
import static dev.myelin.kernels.KernelHarness.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.sim.SimulatedDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/**
 * {@code losses.cu} against the float64 CPU backend: every {@link LossKind}, from logits and from
 * probabilities, with and without label smoothing, forward (accumulated into a loss sum) and
 * backward; countCorrect in its three forms and argmaxRows. Per-row values in float, the batch
 * sum in double: loss sums 1e-5 relative + 1e-5 absolute, gradients 1e-5 relative + 1e-7 absolute
 * (they carry the 1/batch scale); counts and arg-maxes exact.
 */
@SimulatedDevice
class LossKernelsTest extends KernelTestCase {

    private static List<LossSpec> specs() {
        List<LossSpec> specs = new ArrayList<>();
        specs.add(new LossSpec(LossKind.MEAN_SQUARED_ERROR, false, 1.0, 0));
        specs.add(new LossSpec(LossKind.MEAN_ABSOLUTE_ERROR, false, 1.0, 0));
        specs.add(new LossSpec(LossKind.HUBER, false, 0.7, 0));
        for (boolean logits : new boolean[] {true, false}) {
            specs.add(new LossSpec(LossKind.BINARY_CROSS_ENTROPY, logits, 1.0, 0));
            for (double smoothing : new double[] {0, 0.1}) {
                specs.add(new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, logits, 1.0, smoothing));
                specs.add(new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, logits, 1.0, smoothing));
            }
        }
        return specs;
    }

    /** Outputs the loss accepts: logits, probabilities in (0, 1), or rows of softmax probabilities. */
    private static float[] outputs(Random random, LossSpec spec, int rows, int k) {
        boolean categorical = spec.kind() == LossKind.CATEGORICAL_CROSS_ENTROPY || spec.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
        if (spec.fromLogits() || !(categorical || spec.kind() == LossKind.BINARY_CROSS_ENTROPY)) {
            return random(random, rows * k, -8, 8);
        }
        if (!categorical) {
            return random(random, rows * k, 0.01, 0.99);
        }
        float[] p = new float[rows * k];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            double[] e = new double[k];
            for (int j = 0; j < k; j++) {
                e[j] = Math.exp(4 * random.nextDouble());
                sum += e[j];
            }
            for (int j = 0; j < k; j++) {
                p[i * k + j] = (float) (e[j] / sum);
            }
        }
        return p;
    }

    private static float[] targets(Random random, LossSpec spec, int rows, int k) {
        switch (spec.kind()) {
            case SPARSE_CATEGORICAL_CROSS_ENTROPY: {
                float[] t = new float[rows];
                for (int i = 0; i < rows; i++) {
                    t[i] = random.nextInt(k);
                }
                return t;
            }
            case CATEGORICAL_CROSS_ENTROPY: {
                float[] t = new float[rows * k];
                for (int i = 0; i < rows; i++) {
                    if (i % 2 == 0) {
                        t[i * k + random.nextInt(k)] = 1f; // one-hot
                    } else {
                        float a = random.nextFloat();
                        t[i * k + random.nextInt(k)] += a; // soft target summing to 1
                        t[i * k + random.nextInt(k)] += 1f - a;
                    }
                }
                return t;
            }
            case BINARY_CROSS_ENTROPY: {
                float[] t = random(random, rows * k, 0, 1);
                for (int i = 0; i < t.length; i += 2) {
                    t[i] = Math.round(t[i]);
                }
                return t;
            }
            default:
                return random(random, rows * k, -2, 2);
        }
    }

    @Test
    void everyLossForwardAndBackwardMatchesFloat64() {
        Random random = new Random(41);
        int[][] shapes = {{1, 1}, {37, 10}, {130, 45}, {5, 1}};
        for (LossSpec spec : specs()) {
            boolean categorical = spec.kind() == LossKind.CATEGORICAL_CROSS_ENTROPY
                    || spec.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
            for (int[] s : shapes) {
                int rows = s[0];
                int k = s[1];
                if (categorical && k == 1 && spec.labelSmoothing() == 0 && spec.fromLogits()) {
                    continue; // one class: a constant loss, nothing to compare
                }
                int tk = spec.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY ? 1 : k;
                float[] o = outputs(random, spec, rows, k);
                float[] t = targets(random, spec, rows, k);
                String what = spec + " " + rows + "x" + k;
                Tensor to = h.tensor(o, rows, k);
                Tensor tt = h.tensor(t, rows, tk);
                Tensor sum = h.tensor(new float[] {0.5f}, 1, 1);
                h.cpu.lossForward(spec, to, tt, sum);
                CUdeviceptr dsum = h.upload(new float[] {0.5f});
                CUdeviceptr status = h.statusWord();
                CUdeviceptr dout = h.upload(o);
                CUdeviceptr dt = h.upload(t);
                h.launch1d(h.function("myelin_loss_forward"), 1, spec.kind().ordinal(), spec.fromLogits() ? 1 : 0,
                        (float) spec.delta(), (float) spec.labelSmoothing(), dout, dt, rows, k, dsum, status);
                assertClose(what + " forward", h.download(dsum, 1), h.values(sum), 1e-5, 1e-5);

                double scale = 1.0 / rows;
                Tensor grad = h.cpu.allocate(rows, k);
                h.cpu.lossBackward(spec, to, tt, scale, grad);
                CUdeviceptr dgrad = h.upload(new float[rows * k]);
                h.launch1d(h.function("myelin_loss_backward"), rowGrid(rows), spec.kind().ordinal(), spec.fromLogits() ? 1 : 0,
                        (float) spec.delta(), (float) spec.labelSmoothing(), dout, dt, (float) scale, dgrad, rows, k, status);
                assertClose(what + " backward", h.download(dgrad, rows * k), h.values(grad), 1e-5, 1e-7);
                assertThat(h.downloadLongs(status, 2)).as(what + ": every class index is good, the status word stays clear")
                        .containsExactly(-1L, 0L);
            }
        }
    }

    @Test
    void fusedSoftmaxCrossEntropyStaysFiniteOnHugeLogits() {
        int rows = 3;
        int k = 4;
        float[] o = {1000f, -1000f, 0f, 999f, -5e4f, 5e4f, 0f, 1f, 88f, 89f, 90f, -90f};
        float[] t = {0f, 1f, 3f};
        LossSpec spec = new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 1.0, 0.05);
        Tensor sum = h.cpu.allocate(1, 1);
        h.cpu.lossForward(spec, h.tensor(o, rows, k), h.tensor(t, rows, 1), sum);
        CUdeviceptr dsum = h.upload(new float[1]);
        h.launch1d(h.function("myelin_loss_forward"), 1, spec.kind().ordinal(), 1, 1f, 0.05f, h.upload(o), h.upload(t), rows, k, dsum,
                null); // no status word: nothing is reported
        assertClose("huge logits", h.download(dsum, 1), h.values(sum), 1e-5, 1e-5);
    }

    @Test
    void aSparseTargetThatIsNoClassIndexMakesThatRowsLossAndGradientNaN() {
        // The CPU backend throws here; a kernel cannot, so the row poisons the sum and its gradient.
        int rows = 3;
        int k = 4;
        float[] o = {0.1f, 0.2f, 0.3f, 0.4f, 1f, 2f, 3f, 4f, -1f, 0f, 1f, 2f};
        for (float bad : new float[] {-1f, 4f, 1.5f, Float.NaN}) {
            float[] t = {2f, bad, 0f};
            int kind = LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY.ordinal();
            CUdeviceptr dsum = h.upload(new float[1]);
            CUdeviceptr dout = h.upload(o);
            CUdeviceptr dt = h.upload(t);
            h.launch1d(h.function("myelin_loss_forward"), 1, kind, 1, 1f, 0f, dout, dt, rows, k, dsum, null);
            assertThat(h.download(dsum, 1)[0]).as("loss with target " + bad).isNaN();
            CUdeviceptr dgrad = h.upload(new float[rows * k]);
            h.launch1d(h.function("myelin_loss_backward"), rowGrid(rows), kind, 1, 1f, 0f, dout, dt, 1f, dgrad, rows, k, null);
            float[] g = h.download(dgrad, rows * k);
            for (int j = 0; j < k; j++) {
                assertThat(g[k + j]).as("gradient of the bad row, target " + bad).isNaN();
                assertThat(g[j]).as("gradient of a good row").isFinite();
            }
        }
    }

    /**
     * What the backend throws from: the status word holds the lowest bad row with the bits of its target in
     * word 0 ({@code row << 32 | bits}) and the number of classes in word 1, from the forward and from the
     * backward kernel alike, whatever order the threads ran in (the check schedule runs both orders).
     */
    @Test
    void aSparseTargetThatIsNoClassIndexSetsTheStatusWordToTheLowestBadRow() {
        int rows = 40; // five row blocks: bad rows in different warps and blocks
        int k = 4;
        float[] o = random(new Random(7), rows * k, -2, 2);
        int kind = LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY.ordinal();
        for (float bad : new float[] {-1f, 4f, 1.5f, Float.NaN}) {
            float[] t = new float[rows];
            t[9] = bad;
            t[17] = 7f;
            t[33] = -3f;
            CUdeviceptr dt = h.upload(t);
            CUdeviceptr forward = h.statusWord();
            h.launch1d(h.function("myelin_loss_forward"), 1, kind, 1, 1f, 0f, h.upload(o), dt, rows, k, h.upload(new float[1]), forward);
            CUdeviceptr backward = h.statusWord();
            h.launch1d(h.function("myelin_loss_backward"), rowGrid(rows), kind, 1, 1f, 0f, h.upload(o), dt, 1f, h.upload(new float[rows * k]),
                    rows, k, backward);
            long expected = 9L << 32 | (Float.floatToRawIntBits(bad) & 0xffffffffL);
            assertThat(h.downloadLongs(forward, 2)).as("forward, target " + bad).containsExactly(expected, (long) k);
            assertThat(h.downloadLongs(backward, 2)).as("backward, target " + bad).containsExactly(expected, (long) k);
        }
    }

    /**
     * A diverged network must show: row 1 of every loss holds a NaN output, so the loss sum is NaN on
     * CPU float64, CPU float32 and the kernel, and the gradient is NaN exactly where float64 has it.
     * In probability space, rows 2 and 3 also hold 1.5 and −0.5 (log of a negative number is NaN, so
     * the clamp at −100 must not turn it into a number). Only NaN positions are compared: a
     * probability of −0.5 meets the 3.7e-44 floor, whose quotient overflows float32 but not float64.
     */
    @Test
    void aNaNOrOutOfRangeOutputIsNaNWhereTheCpuSaysSoOnEveryLoss() {
        Random random = new Random(43);
        int rows = 4;
        int k = 3;
        try (CpuBackend cpu32 = new CpuBackend(DType.FLOAT32, BackendOptions.defaults())) {
            for (LossSpec spec : specs()) {
                boolean probabilities = !spec.fromLogits()
                        && (spec.kind() == LossKind.BINARY_CROSS_ENTROPY || spec.kind() == LossKind.CATEGORICAL_CROSS_ENTROPY
                                || spec.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY);
                int tk = spec.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY ? 1 : k;
                float[] o = outputs(random, spec, rows, k);
                float[] t = targets(random, spec, rows, k);
                o[k + 1] = Float.NaN;
                if (probabilities) {
                    o[2 * k] = 1.5f;
                    o[3 * k + 1] = -0.5f;
                }
                double[] expected = null;
                double[] expectedGrad = null;
                for (CpuBackend cpu : new CpuBackend[] {h.cpu, cpu32}) {
                    Tensor to = cpu.allocate(rows, k);
                    cpu.upload(KernelHarness.toDouble(o), 0, to);
                    Tensor tt = cpu.allocate(rows, tk);
                    cpu.upload(KernelHarness.toDouble(t), 0, tt);
                    Tensor sum = cpu.allocate(1, 1);
                    cpu.lossForward(spec, to, tt, sum);
                    Tensor grad = cpu.allocate(rows, k);
                    cpu.lossBackward(spec, to, tt, 0.25, grad);
                    double[] loss = new double[1];
                    cpu.download(sum, loss, 0);
                    double[] g = new double[rows * k];
                    cpu.download(grad, g, 0);
                    assertThat(loss[0]).as(spec + " loss on CPU " + cpu.dtype()).isNaN();
                    if (expected == null) {
                        expected = loss;
                        expectedGrad = g;
                    } else {
                        assertSameNaNs(spec + " gradient on CPU float32", g, expectedGrad);
                    }
                }
                CUdeviceptr dout = h.upload(o);
                CUdeviceptr dt = h.upload(t);
                CUdeviceptr dsum = h.upload(new float[1]);
                h.launch1d(h.function("myelin_loss_forward"), 1, spec.kind().ordinal(), spec.fromLogits() ? 1 : 0,
                        (float) spec.delta(), (float) spec.labelSmoothing(), dout, dt, rows, k, dsum, null);
                assertThat(h.download(dsum, 1)[0]).as(spec + " loss on the kernel").isNaN();
                CUdeviceptr dgrad = h.upload(new float[rows * k]);
                h.launch1d(h.function("myelin_loss_backward"), rowGrid(rows), spec.kind().ordinal(), spec.fromLogits() ? 1 : 0,
                        (float) spec.delta(), (float) spec.labelSmoothing(), dout, dt, 0.25f, dgrad, rows, k, null);
                assertSameNaNs(spec + " gradient on the kernel", KernelHarness.toDouble(h.download(dgrad, rows * k)), expectedGrad);
            }
        }
    }

    private static void assertSameNaNs(String what, double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.isNaN(actual[i])).as(what + " [" + i + "] = " + actual[i] + ", float64 " + expected[i] + ": NaN")
                    .isEqualTo(Double.isNaN(expected[i]));
        }
    }

    @Test
    void countCorrectInItsThreeFormsAndArgmaxRowsAreExact() {
        Random random = new Random(42);
        int rows = 203;
        for (int k : new int[] {1, 10, 37}) {
            float[] o = random(random, rows * k, -1, 1);
            if (k > 1) {
                for (int j = 0; j < k; j++) {
                    o[j] = 0.5f; // a tie: the first maximum wins
                }
            }
            float[] sparse = new float[rows];
            float[] oneHot = new float[rows * k];
            for (int i = 0; i < rows; i++) {
                int c = i % 3 == 0 ? argmax(o, i * k, k) : random.nextInt(k);
                sparse[i] = k == 1 ? random.nextInt(2) : c;
                oneHot[i * k + c] = 1f;
            }
            Tensor to = h.tensor(o, rows, k);
            float[][] targetsOf = k == 1 ? new float[][] {sparse} : new float[][] {sparse, oneHot};
            for (float[] t : targetsOf) {
                int tk = t.length / rows;
                // a counter past 2^24, where a float counter would no longer add 1
                int[] start = {(1 << 24) + 7};
                Tensor counter = h.int32Tensor(start, 1, 1);
                h.cpu.countCorrect(to, h.tensor(t, rows, tk), 0.25, counter);
                CUdeviceptr dcounter = h.upload(start);
                h.launch1d(h.function("myelin_count_correct"), rowGrid(rows), h.upload(o), h.upload(t), rows, k, tk, 0.25f, dcounter);
                assertThat(h.downloadInts(dcounter, 1)).as("countCorrect k=" + k + " tk=" + tk).containsExactly(h.ints(counter));
                assertThat(h.ints(counter)[0] - start[0]).as("rows right, k=" + k + " tk=" + tk).isPositive();
            }
            Tensor predicted = h.cpu.allocateInt32(rows, 1);
            h.cpu.argmaxRows(to, predicted);
            CUdeviceptr dp = h.upload(new int[rows]);
            h.launch1d(h.function("myelin_argmax_rows"), rowGrid(rows), h.upload(o), dp, rows, k);
            assertThat(h.downloadInts(dp, rows)).as("argmaxRows k=" + k).containsExactly(h.ints(predicted));
        }
    }

    /**
     * The CPU's arg-max scans left to right and moves only on a strictly greater value: a NaN in the
     * first column wins its row (index 0), a NaN anywhere else is passed over. Rows of 45 columns
     * put two columns on some lanes, so a NaN in a lane's first column must not hide its second.
     */
    @Test
    void argmaxWithNaNFollowsTheCpuRule() {
        Random random = new Random(44);
        int rows = 24;
        int k = 45;
        float[] o = random(random, rows * k, -1, 1);
        o[0] = Float.NaN;                                // row 0: NaN first → 0
        o[k + 1] = Float.NaN;                            // row 1: NaN on lane 1, its second column the maximum
        o[k + 33] = 5f;
        o[2 * k + 5] = Float.NaN;                        // row 2: NaN on lane 5, the maximum on lane 7
        o[2 * k + 7] = 5f;
        for (int j = 0; j < k; j++) {
            o[3 * k + j] = Float.NaN;                    // row 3: all NaN → 0
        }
        for (int i = 4; i < rows; i++) {
            o[i * k + random.nextInt(k)] = Float.NaN;    // the rest: one NaN anywhere
            if (i % 2 == 0) {
                o[i * k + random.nextInt(k)] = Float.NaN;
            }
        }
        Tensor to = h.tensor(o, rows, k);
        Tensor predicted = h.cpu.allocateInt32(rows, 1);
        h.cpu.argmaxRows(to, predicted);
        int[] expected = h.ints(predicted);
        assertThat(expected[0]).isEqualTo(0);
        assertThat(expected[1]).isEqualTo(33);
        assertThat(expected[2]).isEqualTo(7);
        assertThat(expected[3]).isEqualTo(0);
        CUdeviceptr dout = h.upload(o);
        CUdeviceptr dp = h.upload(new int[rows]);
        h.launch1d(h.function("myelin_argmax_rows"), rowGrid(rows), dout, dp, rows, k);
        assertThat(h.downloadInts(dp, rows)).as("argmaxRows with NaN").containsExactly(expected);

        float[] sparse = new float[rows];
        for (int i = 0; i < rows; i++) {
            sparse[i] = expected[i];
        }
        CUdeviceptr dcounter = h.upload(new int[1]);
        h.launch1d(h.function("myelin_count_correct"), rowGrid(rows), dout, h.upload(sparse), rows, k, 1, 0.5f, dcounter);
        assertThat(h.downloadInts(dcounter, 1)).as("countCorrect against the CPU arg-max").containsExactly(rows);
    }

    private static int argmax(float[] x, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (x[from + j] > x[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
