package dev.myelin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import org.junit.jupiter.api.Test;

/** A float32 data set trains a float32 model exactly as the float64 set it was rounded from: the upload rounds the same way. */
class Float32DatasetTrainingTest {

    @Test
    void float32DataSetGivesTheSameBitsAsItsFloat64SourceOnAFloat32Backend() {
        Dataset wide = Synthetic.spirals(600, 3, 0.05, 7);
        Dataset narrow = wide.toFloat32();
        assertThat(narrow.isFloat32()).isTrue();
        double[] fromWide = train(wide);
        double[] fromNarrow = train(narrow);
        assertThat(fromNarrow).containsExactly(fromWide);
    }

    private static double[] train(Dataset data) {
        ModelSpec spec = ModelSpec.builder(data.featureCount()).dense(32, Activation.relu()).dense(16, Activation.tanh())
                .output(data.numClasses(), Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (CpuBackend cpu = new CpuBackend(DType.FLOAT32, new BackendOptions(2)); Model model = Model.create(spec, cpu, 3)) {
            History history = Trainer.builder().epochs(3).batchSize(32).seed(5).optimizer(Adam.defaults()).build().fit(model, data);
            assertThat(history.last("loss")).isFinite();
            double[] params = new double[model.parameters().size()];
            cpu.download(model.parameters(), params, 0);
            return params;
        }
    }
}
