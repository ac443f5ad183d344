package dev.myelin.e2e;

import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Sgd;
import dev.myelin.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Errors a user can cause get a message naming the problem. */
class BadInputTest {
    @RegisterExtension
    static final OracleBackend cpu = new OracleBackend();

    private static ModelSpec classifier(int inputs, int classes) {
        return ModelSpec.builder(inputs).dense(8, Activation.relu()).output(classes, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
    }

    private static Trainer trainer() {
        return Trainer.builder().epochs(1).optimizer(Sgd.plain(0.1)).build();
    }

    @Test
    void mismatchedShapesInAGemmNameBothShapes() {
        try (Tensor a = cpu.get().allocate(3, 4); Tensor b = cpu.get().allocate(5, 2); Tensor c = cpu.get().allocate(3, 2)) {
            assertThatThrownBy(() -> cpu.get().gemm(false, false, 1, a, b, 0, c)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[3, 4]").hasMessageContaining("[5, 2]");
        }
    }

    @Test
    void dataWithTheWrongNumberOfFeaturesForTheModel() {
        try (Model model = Model.create(classifier(10, 10), cpu.get(), 1)) {
            assertThatThrownBy(() -> trainer().fit(model, EmbeddedData.digits())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("64 features per sample").hasMessageContaining("takes 10");
        }
    }

    @Test
    void labelsBeyondTheModelsOutputs() {
        try (Model model = Model.create(classifier(64, 5), cpu.get(), 1)) {
            assertThatThrownBy(() -> trainer().fit(model, EmbeddedData.digits())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("10 classes").hasMessageContaining("5 outputs");
        }
    }

    @Test
    void negativeOrNanLearningRate() {
        assertThatThrownBy(() -> Sgd.momentum(-0.01, 0.9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate").hasMessageContaining("-0.01");
        assertThatThrownBy(() -> Sgd.plain(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate").hasMessageContaining("NaN");
    }

    @Test
    void aScheduleThatYieldsANegativeRateStopsTrainingWithItsStep() {
        try (Model model = Model.create(classifier(64, 10), cpu.get(), 1)) {
            Trainer t = Trainer.builder().epochs(1).optimizer(Sgd.plain(0.1)).schedule((base, step, epoch) -> step < 3 ? base : -base).build();
            assertThatThrownBy(() -> t.fit(model, EmbeddedData.digits())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("-0.1 at step 3");
        }
    }

    @Test
    void emptyDataSet() {
        assertThatThrownBy(() -> Dataset.classification("empty", new double[0][], new int[0], 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void nanOrInfiniteFeaturesNameTheirRowAndColumn() {
        double[][] x = {{1, 2}, {3, Double.NaN}};
        assertThatThrownBy(() -> Dataset.classification("bad", x, new int[] {0, 1}, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN").hasMessageContaining("row 1").hasMessageContaining("column 1");
        double[][] inf = {{Double.POSITIVE_INFINITY, 2}, {3, 4}};
        assertThatThrownBy(() -> Dataset.classification("bad", inf, new int[] {0, 1}, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Infinity").hasMessageContaining("row 0");
    }

    @Test
    void labelsOutOfRange() {
        double[][] x = {{1, 2}, {3, 4}};
        assertThatThrownBy(() -> Dataset.classification("bad", x, new int[] {0, 3}, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3").hasMessageContaining("[0, 3)");
        assertThatThrownBy(() -> Dataset.classification("bad", x, new int[] {-1, 0}, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void targetsOfTheWrongShapeForTheLoss() {
        try (Model model = Model.create(classifier(4, 3), cpu.get(), 1); Tensor x = cpu.get().allocate(2, 4); Tensor y = cpu.get().allocate(2, 3);
             Tensor sum = cpu.get().allocate(1, 1)) {
            assertThatThrownBy(() -> model.computeGradients(x, y, dev.myelin.nn.Mode.inference(), sum))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]").hasMessageContaining("one class index per sample");
        }
    }
}
