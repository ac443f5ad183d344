package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.testkit.HeldValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The kernels that run over the worker pool (activations, softmax, losses, bias add, column sums, batch and layer
 * norm, PReLU, maxout, dropout masks and products) give the same bits on 1, 2 and 3 threads: each element or feature is computed by the same code in
 * the same order whatever the split. The values themselves are checked against the float64 oracle by the
 * backend contract suite.
 */
class ParallelKernelsTest {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void everyPooledKernelGivesTheSameBitsOnOneTwoAndThreeThreads(DType dtype) {
        assertSameBitsOnOneTwoAndThreeThreads(dtype, ParallelKernelsTest::layerPass);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void rowAndFeatureKernelsGiveTheSameBitsOnOneTwoAndThreeThreads(DType dtype) {
        assertSameBitsOnOneTwoAndThreeThreads(dtype, ParallelKernelsTest::rowKernels);
    }

    /**
     * The clip norms and penalties: Σx² and Σ|x| over a [300, 700] tensor (26 chunks of 8192) are, on 1, 2 and 3
     * threads, exactly each chunk's index-order double sum added in chunk order (rounded to the tensor's dtype).
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void sumOfSquaresAndOfAbsAreChunkSumsAddedInChunkOrderOnEveryThreadCount(DType dtype) {
        for (int threads = 1; threads <= 3; threads++) {
            try (CpuBackend b = new CpuBackend(dtype, new BackendOptions(threads), CpuGemm.JAVA)) {
                Tensor x = upload(b, 300, 700, new SplittableRandom(13));
                double[] v = new double[x.size()];
                b.download(x, v, 0);
                double squares = 0;
                double abs = 0;
                for (int start = 0; start < v.length; start += 8192) {
                    double chunkSquares = 0;
                    double chunkAbs = 0;
                    for (int i = start; i < Math.min(v.length, start + 8192); i++) {
                        chunkSquares += v[i] * v[i];
                        chunkAbs += Math.abs(v[i]);
                    }
                    squares += chunkSquares;
                    abs += chunkAbs;
                }
                Tensor out = b.allocate(1, 1);
                b.sumOfSquares(x, out);
                assertThat(b.readScalar(out, 0)).as("%s Σx² on %d threads", dtype, threads)
                        .isEqualTo(dtype == DType.FLOAT32 ? (double) (float) squares : squares);
                b.sumOfAbs(x, out);
                assertThat(b.readScalar(out, 0)).as("%s Σ|x| on %d threads", dtype, threads)
                        .isEqualTo(dtype == DType.FLOAT32 ? (double) (float) abs : abs);
            }
        }
    }

    private static void assertSameBitsOnOneTwoAndThreeThreads(DType dtype, KernelPass pass) {
        List<double[]> one = run(dtype, 1, pass);
        for (int threads : new int[] {2, 3}) {
            List<double[]> many = run(dtype, threads, pass);
            for (int r = 0; r < one.size(); r++) {
                assertThat(many.get(r)).as("%s result %d on %d threads", dtype, r, threads).isEqualTo(one.get(r));
            }
        }
    }

    /** Kernels run on one backend from the shared operands; every tensor they write is an {@link Operands#output}. */
    private interface KernelPass {
        void run(CpuBackend b, Operands in);
    }

    /**
     * The operands a pass starts from, on a [300, 700] batch: x and an upstream gradient g, the per-feature γ, β and
     * running mean (uniform in [-2, 2)), and the running variance (1.5 everywhere); {@code rng} draws the rest. The
     * tensors the pass writes are allocated here, or marked when written in place, and compared in that order.
     */
    private static final class Operands {
        final CpuBackend b;
        final SplittableRandom rng = new SplittableRandom(5);
        final int rows = 300;
        final int cols = 700;
        final List<Tensor> compared = new ArrayList<>();
        final Tensor x;
        final Tensor g;
        final Tensor gamma;
        final Tensor beta;
        final Tensor runningMean;
        final Tensor runningVar;

        Operands(CpuBackend b) {
            this.b = b;
            x = upload(b, rows, cols, rng);
            g = upload(b, rows, cols, rng);
            gamma = upload(b, 1, cols, rng);
            beta = upload(b, 1, cols, rng);
            runningMean = upload(b, 1, cols, rng);
            runningVar = b.allocate(1, cols);
            b.fill(runningVar, 1.5);
        }

        /** A new zero-filled {@code [rows, cols]} tensor the pass writes; compared across thread counts. */
        Tensor output(int outRows, int outCols) {
            return compared(b.allocate(outRows, outCols));
        }

        /** Marks a tensor the pass writes in place as compared across thread counts. */
        Tensor compared(Tensor t) {
            compared.add(t);
            return t;
        }
    }

    /** Runs {@code pass} on a fresh backend of {@code threads} workers; every tensor it wrote downloaded. */
    private static List<double[]> run(DType dtype, int threads, KernelPass pass) {
        List<double[]> results = new ArrayList<>();
        try (CpuBackend b = new CpuBackend(dtype, new BackendOptions(threads), CpuGemm.JAVA)) {
            Operands in = new Operands(b);
            pass.run(b, in);
            for (Tensor t : in.compared) {
                results.add(HeldValues.of(b, t));
            }
        }
        return results;
    }

    /**
     * Softmax, both cross-entropies (loss and gradient), layer norm, batch-norm inference, PReLU and maxout, forward
     * and backward.
     */
    private static void rowKernels(CpuBackend b, Operands in) {
        int rows = in.rows;
        int cols = in.cols;
        Tensor classes = b.allocate(rows, 1);
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = in.rng.nextInt(cols);
        }
        b.upload(labels, 0, classes);

        Tensor probs = in.output(rows, cols);
        b.activationForward(ActivationKind.SOFTMAX, 0, in.x, probs);
        b.activationBackward(ActivationKind.SOFTMAX, 0, in.x, probs, in.g, in.output(rows, cols));
        Tensor lossSum = in.output(1, 1);
        LossSpec sparse = new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 1, 0.1);
        b.lossForward(sparse, in.x, classes, lossSum);
        b.lossBackward(sparse, in.x, classes, 1.0 / rows, in.output(rows, cols));
        LossSpec onProbabilities = new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, false, 1, 0);
        b.lossForward(onProbabilities, probs, probs, lossSum);
        b.lossBackward(onProbabilities, probs, probs, 1.0 / rows, in.output(rows, cols));
        Tensor rowMean = in.output(rows, 1);
        Tensor rowInvStd = in.output(rows, 1);
        b.layerNormForward(in.x, in.gamma, in.beta, 1e-5, in.output(rows, cols), rowMean, rowInvStd);
        b.layerNormBackward(in.x, in.g, in.gamma, rowMean, rowInvStd, in.output(rows, cols), in.output(1, cols), in.output(1, cols));
        b.batchNormForwardInference(new BatchNormSettings(1e-5, 0.1), in.x, in.gamma, in.beta, in.runningMean, in.runningVar, in.output(rows, cols));
        Tensor alpha = upload(b, 1, cols, in.rng);
        b.preluForward(in.x, alpha, in.output(rows, cols));
        b.preluBackward(in.x, alpha, in.g, in.output(rows, cols), in.output(1, cols));
        Tensor maxout = in.output(rows, cols / 7);
        Tensor argmax = in.compared(b.allocateInt32(rows, cols / 7));
        b.maxoutForward(in.x, 7, maxout, argmax);
        b.maxoutBackward(maxout, argmax, 7, in.output(rows, cols));
    }

    /** A forward and backward pass through bias, batch norm, tanh, ReLU and dropout. */
    private static void layerPass(CpuBackend b, Operands in) {
        int rows = in.rows;
        int cols = in.cols;
        Tensor x = in.compared(in.x);
        Tensor g = in.compared(in.g);
        b.addRowVector(x, upload(b, 1, cols, in.rng));
        Tensor normed = in.output(rows, cols);
        Tensor savedMean = in.output(1, cols);
        Tensor savedInvStd = in.output(1, cols);
        b.batchNormForwardTraining(new BatchNormSettings(1e-5, 0.1), x, in.gamma, in.beta, in.compared(in.runningMean), in.compared(in.runningVar), normed,
                savedMean, savedInvStd);
        Tensor act = in.output(rows, cols);
        b.activationForward(ActivationKind.TANH, 0, normed, act);
        Tensor relu = in.output(rows, cols);
        b.activationForward(ActivationKind.RELU, 0, act, relu);
        Tensor mask = in.output(rows, cols);
        b.dropoutMask(42, 3, 1, 0.25, mask);
        b.multiply(relu, mask, in.output(rows, cols));
        b.multiply(g, mask, g);
        b.activationBackward(ActivationKind.RELU, 0, act, relu, g, g);
        Tensor gradAct = in.output(rows, cols);
        b.activationBackward(ActivationKind.TANH, 0, normed, act, g, gradAct);
        Tensor gradX = in.output(rows, cols);
        b.batchNormBackward(x, gradAct, in.gamma, savedMean, savedInvStd, gradX, in.output(1, cols), in.output(1, cols));
        Tensor sums = in.compared(upload(b, 1, cols, in.rng));
        b.columnSums(gradX, 0.5, sums);
    }

    private static Tensor upload(CpuBackend b, int rows, int cols, SplittableRandom rng) {
        Tensor t = b.allocate(rows, cols);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-2, 2);
        }
        b.upload(v, 0, t);
        return t;
    }
}
