package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The kernels that run over the worker pool (activations, softmax, losses, bias add, column sums, batch and layer
 * norm, PReLU, maxout, dropout masks and products) give the same bits on 1, 2 and 3 threads: each element or feature is computed by the same code in
 * the same order whatever the split. The values themselves are checked against the float64 oracle by the
 * backend contract suite.
 */
class ParallelKernelsTest {

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyPooledKernelGivesTheSameBitsOnOneTwoAndThreeThreads(DType dtype) {
        assertSameBitsOnOneTwoAndThreeThreads(dtype, ParallelKernelsTest::run);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rowAndFeatureKernelsGiveTheSameBitsOnOneTwoAndThreeThreads(DType dtype) {
        assertSameBitsOnOneTwoAndThreeThreads(dtype, ParallelKernelsTest::runRowKernels);
    }

    /**
     * The clip norms and penalties: Σx² and Σ|x| over a [300, 700] tensor (26 chunks of 8192) are, on 1, 2 and 3
     * threads, exactly each chunk's index-order double sum added in chunk order (rounded to the tensor's dtype).
     */
    @ParameterizedTest
    @EnumSource(DType.class)
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

    private static void assertSameBitsOnOneTwoAndThreeThreads(DType dtype, BiFunction<DType, Integer, List<double[]>> pass) {
        List<double[]> one = pass.apply(dtype, 1);
        for (int threads : new int[] {2, 3}) {
            List<double[]> many = pass.apply(dtype, threads);
            for (int r = 0; r < one.size(); r++) {
                assertThat(many.get(r)).as("%s result %d on %d threads", dtype, r, threads).isEqualTo(one.get(r));
            }
        }
    }

    /**
     * Softmax, both cross-entropies (loss and gradient), layer norm, batch-norm inference, PReLU and maxout, forward
     * and backward, on a [300, 700] batch; every output downloaded.
     */
    private static List<double[]> runRowKernels(DType dtype, int threads) {
        int rows = 300;
        int cols = 700;
        List<double[]> results = new ArrayList<>();
        try (CpuBackend b = new CpuBackend(dtype, new BackendOptions(threads), CpuGemm.JAVA)) {
            SplittableRandom rng = new SplittableRandom(9);
            Tensor x = upload(b, rows, cols, rng);
            Tensor g = upload(b, rows, cols, rng);
            Tensor gamma = upload(b, 1, cols, rng);
            Tensor beta = upload(b, 1, cols, rng);
            Tensor alpha = upload(b, 1, cols, rng);
            Tensor runningMean = upload(b, 1, cols, rng);
            Tensor runningVar = b.allocate(1, cols);
            b.fill(runningVar, 0.7);
            Tensor classes = b.allocate(rows, 1);
            double[] labels = new double[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = rng.nextInt(cols);
            }
            b.upload(labels, 0, classes);
            Tensor probs = b.allocate(rows, cols);
            Tensor gradSoftmax = b.allocate(rows, cols);
            Tensor lossSum = b.allocate(1, 1);
            Tensor gradLogits = b.allocate(rows, cols);
            Tensor gradProbs = b.allocate(rows, cols);
            Tensor normed = b.allocate(rows, cols);
            Tensor rowMean = b.allocate(rows, 1);
            Tensor rowInvStd = b.allocate(rows, 1);
            Tensor gradX = b.allocate(rows, cols);
            Tensor gradGamma = b.allocate(1, cols);
            Tensor gradBeta = b.allocate(1, cols);
            Tensor inference = b.allocate(rows, cols);
            Tensor prelu = b.allocate(rows, cols);
            Tensor gradZ = b.allocate(rows, cols);
            Tensor gradAlpha = b.allocate(1, cols);
            Tensor maxout = b.allocate(rows, cols / 7);
            Tensor argmax = b.allocate(rows, cols / 7);
            Tensor gradMaxout = b.allocate(rows, cols);

            b.activationForward(ActivationKind.SOFTMAX, 0, x, probs);
            b.activationBackward(ActivationKind.SOFTMAX, 0, x, probs, g, gradSoftmax);
            LossSpec sparse = new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 1, 0.1);
            b.lossForward(sparse, x, classes, lossSum);
            b.lossBackward(sparse, x, classes, 1.0 / rows, gradLogits);
            LossSpec onProbabilities = new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, false, 1, 0);
            b.lossForward(onProbabilities, probs, probs, lossSum);
            b.lossBackward(onProbabilities, probs, probs, 1.0 / rows, gradProbs);
            b.layerNormForward(x, gamma, beta, 1e-5, normed, rowMean, rowInvStd);
            b.layerNormBackward(x, g, gamma, rowMean, rowInvStd, gradX, gradGamma, gradBeta);
            b.batchNormForwardInference(new BatchNormSettings(1e-5, 0.1), x, gamma, beta, runningMean, runningVar, inference);
            b.preluForward(x, alpha, prelu);
            b.preluBackward(x, alpha, g, gradZ, gradAlpha);
            b.maxoutForward(x, 7, maxout, argmax);
            b.maxoutBackward(maxout, argmax, 7, gradMaxout);
            for (Tensor t : new Tensor[] {probs, gradSoftmax, lossSum, gradLogits, gradProbs, normed, rowMean, rowInvStd, gradX, gradGamma,
                    gradBeta, inference, prelu, gradZ, gradAlpha, maxout, argmax, gradMaxout}) {
                double[] out = new double[t.size()];
                b.download(t, out, 0);
                results.add(out);
            }
        }
        return results;
    }

    /** A forward and backward pass through bias, batch norm, tanh, ReLU and dropout on a [300, 700] batch; every output downloaded. */
    private static List<double[]> run(DType dtype, int threads) {
        int rows = 300;
        int cols = 700;
        List<double[]> results = new ArrayList<>();
        try (CpuBackend b = new CpuBackend(dtype, new BackendOptions(threads), CpuGemm.JAVA)) {
            SplittableRandom rng = new SplittableRandom(5);
            Tensor x = upload(b, rows, cols, rng);
            Tensor g = upload(b, rows, cols, rng);
            Tensor bias = upload(b, 1, cols, rng);
            Tensor gamma = upload(b, 1, cols, rng);
            Tensor beta = upload(b, 1, cols, rng);
            Tensor runningMean = upload(b, 1, cols, rng);
            Tensor runningVar = b.allocate(1, cols);
            b.fill(runningVar, 1.5);
            Tensor savedMean = b.allocate(1, cols);
            Tensor savedInvStd = b.allocate(1, cols);
            Tensor normed = b.allocate(rows, cols);
            Tensor act = b.allocate(rows, cols);
            Tensor relu = b.allocate(rows, cols);
            Tensor mask = b.allocate(rows, cols);
            Tensor dropped = b.allocate(rows, cols);
            Tensor gradAct = b.allocate(rows, cols);
            Tensor gradX = b.allocate(rows, cols);
            Tensor gradGamma = b.allocate(1, cols);
            Tensor gradBeta = b.allocate(1, cols);
            Tensor sums = upload(b, 1, cols, rng);

            b.addRowVector(x, bias);
            b.batchNormForwardTraining(new BatchNormSettings(1e-5, 0.1), x, gamma, beta, runningMean, runningVar, normed, savedMean, savedInvStd);
            b.activationForward(ActivationKind.TANH, 0, normed, act);
            b.activationForward(ActivationKind.RELU, 0, act, relu);
            b.dropoutMask(42, 3, 1, 0.25, mask);
            b.multiply(relu, mask, dropped);
            b.multiply(g, mask, g);
            b.activationBackward(ActivationKind.RELU, 0, act, relu, g, g);
            b.activationBackward(ActivationKind.TANH, 0, normed, act, g, gradAct);
            b.batchNormBackward(x, gradAct, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
            b.columnSums(gradX, 0.5, sums);
            for (Tensor t : new Tensor[] {x, normed, act, relu, mask, dropped, g, gradAct, gradX, gradGamma, gradBeta, sums, runningMean,
                    runningVar, savedMean, savedInvStd}) {
                double[] out = new double[t.size()];
                b.download(t, out, 0);
                results.add(out);
            }
        }
        return results;
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
