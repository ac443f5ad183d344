package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.gradcheck.GradientCheckOptions;
import dev.myelin.gradcheck.GradientCheckResult;
import dev.myelin.gradcheck.GradientChecker;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.testkit.GoldenActivations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Back-propagation against central differences, float64, relative error below 1e-7. */
class GradientCheckTest {
    private static final int BATCH = 6;
    @RegisterExtension
    static final OracleBackend f64 = new OracleBackend();

    private static GradientCheckResult check(ModelSpec spec, long seed) {
        try (Model model = Model.create(spec, f64.get(), seed)) {
            double[] x = RandomBatch.inputs(BATCH, spec.inputWidth(), seed + 100);
            double[] y = RandomBatch.targets(spec.loss(), BATCH, spec.outputWidth(), seed + 200);
            return GradientChecker.check(model, x, y, BATCH, GradientCheckOptions.defaults());
        }
    }

    /** Every activation kind (and other values of α): the activations the PyTorch golden files test. */
    static Stream<Activation> activations() {
        return GoldenActivations.activations();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void everyActivationBackPropagatesLikeCentralDifferences(Activation activation) {
        ModelSpec spec = ModelSpec.builder(5).dense(7, activation).output(3, Loss.meanSquaredError()).build();
        GradientCheckResult result = check(spec, 11);
        assertThat(result.passed()).as(result.summary()).isTrue();
        assertThat(result.relativeError()).isLessThan(1e-7);
        assertThat(result.checkedParameters()).isEqualTo(5 * 7 + 7 + 7 * 3 + 3);
    }

    static Stream<Object[]> losses() {
        return Stream.of(
                new Object[] {Loss.meanSquaredError(), Activation.identity()},
                new Object[] {Loss.meanAbsoluteError(), Activation.identity()},
                new Object[] {Loss.huber(), Activation.identity()},
                new Object[] {Loss.huber(0.3), Activation.identity()},
                new Object[] {Loss.binaryCrossEntropy(), Activation.sigmoid()},          // fused into logits by the builder
                new Object[] {Loss.binaryCrossEntropy(), Activation.tanh()},             // tanh then a second sigmoid layer below
                new Object[] {Loss.binaryCrossEntropyWithLogits(), Activation.identity()},
                new Object[] {Loss.categoricalCrossEntropy(), Activation.softmax()},
                new Object[] {Loss.categoricalCrossEntropyWithLogits().withLabelSmoothing(0.1), Activation.identity()},
                new Object[] {Loss.sparseCategoricalCrossEntropy(), Activation.softmax()},
                new Object[] {Loss.sparseCategoricalCrossEntropyWithLogits().withLabelSmoothing(0.2), Activation.identity()},
                new Object[] {Loss.categoricalCrossEntropy(), Activation.identity()});   // probabilities path: softmax as a layer
    }

    @ParameterizedTest(name = "{0} after {1}")
    @MethodSource("losses")
    void everyLossBackPropagatesLikeCentralDifferences(Loss loss, Activation output) {
        var builder = ModelSpec.builder(4).dense(6, Activation.tanh());
        ModelSpec spec;
        if (output.kind() == dev.myelin.backend.ActivationKind.TANH) {
            // BCE on probabilities without fusion: tanh hidden output, then an explicit sigmoid layer.
            spec = builder.dense(3, Activation.tanh()).activation(Activation.sigmoid()).loss(loss).build();
        } else if (loss.kind() == dev.myelin.backend.LossKind.CATEGORICAL_CROSS_ENTROPY && output.kind() == dev.myelin.backend.ActivationKind.IDENTITY
                && !loss.spec().fromLogits()) {
            // Categorical CE on probabilities: an explicit softmax layer, not fused.
            spec = builder.dense(3, Activation.identity()).activation(Activation.softmax()).loss(loss).build();
        } else {
            spec = builder.output(3, output, loss).build();
        }
        GradientCheckResult result = check(spec, 23);
        assertThat(result.passed()).as(spec.describe() + ": " + result.summary()).isTrue();
    }

    @Test
    void threeHiddenLayerNetworkWithMixedActivations() {
        ModelSpec spec = ModelSpec.builder(6)
                .dense(9, Activation.tanh())
                .dense(8, Activation.leakyRelu())
                .dense(7, Activation.selu())
                .output(4, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        GradientCheckResult result = check(spec, 5);
        assertThat(result.passed()).as(result.summary()).isTrue();
        assertThat(result.relativeError()).isLessThan(1e-7);
        assertThat(result.checkedParameters()).isEqualTo(6 * 9 + 9 + 9 * 8 + 8 + 8 * 7 + 7 + 7 * 4 + 4);
    }

    @Test
    void subsetChecksTheRequestedNumberSpreadOverEveryBlock() {
        ModelSpec spec = ModelSpec.builder(6).dense(30, Activation.swish()).dense(20, Activation.elu()).output(3, Loss.huber()).build();
        try (Model model = Model.create(spec, f64.get(), 3)) {
            GradientCheckResult result = GradientChecker.check(model, RandomBatch.inputs(BATCH, 6, 1), RandomBatch.targets(spec.loss(), BATCH, 3, 2), BATCH,
                    GradientCheckOptions.defaults().withMaxParameters(60));
            assertThat(result.passed()).as(result.summary()).isTrue();
            // six blocks (3 W, 3 b), each at least one, in proportion to size: 60 ± rounding
            assertThat(result.checkedParameters()).isBetween(57, 66);
        }
    }

    /** An identity layer whose backward pass is off by 0.1%: the checker must notice. */
    private record SlightlyWrongBackward() implements dev.myelin.nn.LayerSpec {
        @Override
        public int outputWidth(int inputWidth) {
            return inputWidth;
        }

        @Override
        public dev.myelin.nn.Layer build(Backend backend, int inputWidth) {
            return new dev.myelin.nn.Layer(backend, inputWidth, inputWidth) {
                private final dev.myelin.nn.Workspace.Slot outSlot = workspace.slot(inputWidth);
                private final dev.myelin.nn.Workspace.Slot inSlot = workspace.slot(inputWidth);

                @Override
                public dev.myelin.backend.Tensor forward(dev.myelin.backend.Tensor input, dev.myelin.nn.Mode mode) {
                    dev.myelin.backend.Tensor out = outSlot.rows(input.rows());
                    backend.copy(input, out);
                    return out;
                }

                @Override
                public dev.myelin.backend.Tensor backward(dev.myelin.backend.Tensor gradOutput, boolean needInputGradient) {
                    dev.myelin.backend.Tensor gradIn = inSlot.rows(gradOutput.rows());
                    backend.copy(gradOutput, gradIn);
                    backend.scale(gradIn, 1.001);
                    return gradIn;
                }

                @Override
                public String describe() {
                    return "wrong-backward";
                }
            };
        }

        @Override
        public String describe() {
            return "wrong-backward";
        }
    }

    @Test
    void aGradientOffByOnePerMilleFails() {
        ModelSpec spec = ModelSpec.builder(3).dense(4, Activation.tanh()).layer(new SlightlyWrongBackward()).dense(2, Activation.identity())
                .loss(Loss.meanSquaredError()).build();
        try (Model model = Model.create(spec, f64.get(), 9)) {
            GradientCheckResult result = GradientChecker.check(model, RandomBatch.inputs(BATCH, 3, 4), RandomBatch.targets(spec.loss(), BATCH, 2, 5), BATCH,
                    GradientCheckOptions.defaults());
            assertThat(result.passed()).as(result.summary()).isFalse();
            // only the first layer's gradients go through the wrong layer: their relative error is 0.001 / 2.001
            assertThat(result.worstRelativeError()).isCloseTo(0.001 / 2.001, org.assertj.core.api.Assertions.within(1e-6));
            assertThat(result.worstParameter()).startsWith("layer0.");
        }
    }

    @Test
    void refusesFloat32() {
        ModelSpec spec = ModelSpec.builder(3).dense(4, Activation.tanh()).output(2, Loss.meanSquaredError()).build();
        try (Backend f32 = Backends.cpu32(); Model model = Model.create(spec, f32, 1)) {
            assertThatThrownBy(() -> GradientChecker.check(model, new double[6], new double[4], 2, GradientCheckOptions.defaults()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs float64").hasMessageContaining("cpu-f64");
        }
    }
}
