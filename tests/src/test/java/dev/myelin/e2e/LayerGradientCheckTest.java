package dev.myelin.e2e;

import dev.myelin.gradcheck.GradientCheckOptions;
import dev.myelin.gradcheck.GradientCheckResult;
import dev.myelin.gradcheck.GradientChecker;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelBuilder;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch norm (training mode, through the batch statistics), layer norm, PReLU with its α,
 * maxout, the residual block and dropout (one fixed mask per evaluation) back-propagate like central
 * differences in float64, alone and all in one network.
 */
class LayerGradientCheckTest {
    private static final int BATCH = 6;
    @RegisterExtension
    static final OracleBackend f64 = new OracleBackend();

    private static GradientCheckResult check(ModelSpec spec, long seed, GradientCheckOptions options) {
        try (Model model = Model.create(spec, f64.get(), seed)) {
            double[] x = RandomBatch.inputs(BATCH, spec.inputWidth(), seed + 100);
            double[] y = RandomBatch.targets(spec.loss(), BATCH, spec.outputWidth(), seed + 200);
            GradientCheckResult result = GradientChecker.check(model, x, y, BATCH, options);
            assertThat(result.checkedParameters()).isEqualTo(model.parameterCount());
            return result;
        }
    }

    private static void assertPasses(ModelSpec spec, long seed, GradientCheckOptions options) {
        GradientCheckResult result = check(spec, seed, options);
        assertThat(result.passed()).as(spec.describe() + ": " + result.summary()).isTrue();
        assertThat(result.relativeError()).as(spec.describe()).isLessThan(1e-7);
    }

    /** Five inputs, {@code hidden}, then three outputs under the mean squared error. */
    private static ModelSpec fiveToThree(UnaryOperator<ModelBuilder> hidden) {
        return hidden.apply(ModelSpec.builder(5)).output(3, Loss.meanSquaredError()).build();
    }

    private static ModelSpec maxoutNetwork() {
        return fiveToThree(b -> b.maxout(4, 3));
    }

    private static ModelSpec dropoutNetwork() {
        return fiveToThree(b -> b.dense(8, Activation.tanh()).dropout(0.4));
    }

    /** The networks checked: name, spec, seed, and whether the check runs in training mode (else inference). */
    static Stream<Arguments> networks() {
        ModelSpec all = ModelSpec.builder(6)
                .dense(8, Activation.identity()).batchNorm().prelu()
                .dropout(0.25)
                .residual(f -> f.layerNorm().maxout(5, 2).dense(8, Activation.identity()))
                .layerNorm()
                .maxout(6, 3)
                .output(4, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        return Stream.of(
                Arguments.of("batch norm in training mode, through the batch statistics",
                        fiveToThree(b -> b.dense(6, Activation.identity()).batchNorm().activation(Activation.tanh())), 31L, true),
                Arguments.of("batch norm at inference, an affine map of the running estimates",
                        fiveToThree(b -> b.dense(6, Activation.identity()).batchNorm(0.3, 1e-3).activation(Activation.tanh())), 32L, false),
                Arguments.of("layer norm", fiveToThree(b -> b.dense(6, Activation.identity()).layerNorm().activation(Activation.tanh())), 33L, true),
                Arguments.of("maxout", maxoutNetwork(), 35L, true),
                Arguments.of("residual block with a bottleneck",
                        fiveToThree(b -> b.dense(6, Activation.tanh()).residual(f -> f.dense(4, Activation.tanh()).dense(6, Activation.identity()))), 36L, true),
                Arguments.of("dropout with one fixed mask per evaluation", dropoutNetwork(), 37L, true),
                Arguments.of("one network using all of them", all, 38L, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void backPropagatesLikeCentralDifferences(String network, ModelSpec spec, long seed, boolean trainingMode) {
        assertPasses(spec, seed, GradientCheckOptions.defaults().withTrainingMode(trainingMode));
    }

    @Test
    void preluIncludingItsSlopes() {
        ModelSpec spec = fiveToThree(b -> b.dense(6, Activation.identity()).prelu(0.1));
        GradientCheckResult result = check(spec, 34, GradientCheckOptions.defaults());
        assertThat(result.passed()).as(result.summary()).isTrue();
        // the α gradients are not all zero: some pre-activations are negative
        try (Model model = Model.create(spec, f64.get(), 34)) {
            int alphaOffset = model.parameterSlots().stream().filter(s -> s.block().name().equals("alpha")).findFirst().orElseThrow().offset();
            double[] analytic = result.candidate();
            double alphaGradients = 0;
            for (int i = 0; i < 6; i++) {
                alphaGradients += Math.abs(analytic[alphaOffset + i]);
            }
            assertThat(alphaGradients).isGreaterThan(1e-3);
        }
    }

    @Test
    void maxoutHasAWeightAndBiasPerPieceOfEveryUnit() {
        try (Model model = Model.create(maxoutNetwork(), f64.get(), 35)) {
            assertThat(model.parameterCount()).isEqualTo(5 * 12 + 12 + 4 * 3 + 3);
        }
    }

    @Test
    void dropoutInTrainingModeReallyMasks() {
        ModelSpec spec = dropoutNetwork();
        // the training-mode loss is not the inference loss
        try (Model model = Model.create(spec, f64.get(), 37); var x = f64.get().allocate(BATCH, 5); var y = f64.get().allocate(BATCH, 3)) {
            f64.get().upload(RandomBatch.inputs(BATCH, 5, 137), 0, x);
            f64.get().upload(RandomBatch.targets(spec.loss(), BATCH, 3, 237), 0, y);
            assertThat(model.loss(x, y, dev.myelin.nn.Mode.training(0, 0))).isNotEqualTo(model.loss(x, y, dev.myelin.nn.Mode.inference()));
        }
    }
}
