package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.model.Predictor;
import dev.myelin.nn.Activation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * With OpenBLAS running the training products, a row's inference output has the same bits in batches of 1, 7, 64
 * and 1000: the batch-invariant GEMM on its own (shapes wider than OpenBLAS's 256-column blocks) and whole
 * predictions of a model, float32 and float64.
 */
class PredictionBatchInvarianceTest {
    private static final int ROWS = 1000;
    private static final int[] BATCHES = {1, 7, 64, ROWS};

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void aRowOfTheBatchInvariantGemmHasTheSameBitsInEveryBatch(DType dtype) {
        int k = 300;
        int n = 600;
        SplittableRandom rng = new SplittableRandom(5);
        try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(2), CpuGemm.NATIVE);
             Tensor a = backend.allocate(ROWS, k); Tensor b = backend.allocate(k, n); Tensor c = backend.allocate(ROWS, n)) {
            assertThat(backend.description()).contains("OpenBLAS");
            backend.upload(HostValues.uniform(ROWS * k, rng), 0, a);
            backend.upload(HostValues.uniform(k * n, rng), 0, b);
            double[] reference = null;
            for (int batch : BATCHES) {
                for (int from = 0; from < ROWS; from += batch) {
                    int rows = Math.min(batch, ROWS - from);
                    try (Tensor av = backend.view(a, (long) from * k, rows, k); Tensor cv = backend.view(c, (long) from * n, rows, n)) {
                        backend.gemmBatchInvariant(false, false, 1.0, av, b, 0.0, cv);
                    }
                }
                double[] got = new double[ROWS * n];
                backend.download(c, got, 0);
                if (reference == null) {
                    reference = got;
                }
                assertThat(HostValues.firstDifference(got, reference)).as("%s, batches of %d: first element unlike batches of 1", dtype, batch).isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void aModelsPredictionOfARowHasTheSameBitsInEveryBatch(DType dtype) {
        int width = 300;
        ModelSpec spec = ModelSpec.builder(width).dense(600, Activation.relu()).dense(300, Activation.tanh())
                .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        double[] x = HostValues.uniform(ROWS * width, new SplittableRandom(9));
        try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(2), CpuGemm.NATIVE); Model model = Model.create(spec, backend, 3)) {
            double[] reference = new Predictor(model, 1).predict(x, ROWS);
            for (int batch : BATCHES) {
                double[] got = new Predictor(model, batch).predict(x, ROWS);
                assertThat(HostValues.firstDifference(got, reference)).as("%s, batches of %d: first element unlike batches of 1", dtype, batch).isEqualTo(-1);
            }
            double[] rows = model.predict(Arrays.copyOfRange(x, 500 * width, 507 * width), 7);
            assertThat(rows).as("Model.predict of rows 500..506").isEqualTo(Arrays.copyOfRange(reference, 500 * 10, 507 * 10));
        }
    }
}
