package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.data.Dataset;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.train.Trainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

/**
 * With OpenBLAS running the training products (the default where it loads), two trainings with the same seed and
 * thread count end with the same parameter bits, float32 and float64; and the parameters moved.
 */
class NativeTrainingDeterminismTest {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void theSameSeedAndThreadCountTrainToTheSameBits(DType dtype) {
        int width = 40;
        int rows = 600;
        SplittableRandom rng = new SplittableRandom(2);
        double[] x = HostValues.uniform(rows * width, rng);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = x[i * width] + x[i * width + 1] > 0 ? 1 : x[i * width + 2] > 0 ? 2 : 0;
        }
        Dataset data = Dataset.classification("three-way", x, width, labels, 3);
        ModelSpec spec = ModelSpec.builder(width).dense(300, Activation.relu()).dense(200, Activation.elu())
                .output(3, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        double[] initial = null;
        double[] first = null;
        for (int run = 0; run < 2; run++) {
            try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(2), CpuGemm.NATIVE); Model model = Model.create(spec, backend, 17)) {
                assertThat(backend.description()).contains("OpenBLAS");
                initial = model.parametersToHost();
                Trainer.builder().epochs(2).batchSize(64).seed(17).optimizer(Adam.defaults()).build().fit(model, data);
                double[] trained = model.parametersToHost();
                if (first == null) {
                    first = trained;
                } else {
                    assertThat(HostValues.firstDifference(trained, first)).as("%s: first parameter unlike the first run's", dtype).isEqualTo(-1);
                }
            }
        }
        assertThat(HostValues.firstDifference(first, initial)).as("training moved the parameters").isNotEqualTo(-1);
    }
}
