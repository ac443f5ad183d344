package dev.myelin.nn;

import dev.myelin.loss.Loss;
import dev.myelin.model.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults of the issue-3 layers, and invalid settings rejected with a message naming the setting and its range. */
class LayerSpecValidationTest {

    @Test
    void defaultsFollowPyTorch() {
        assertThat(BatchNormSpec.defaults()).isEqualTo(new BatchNormSpec(0.1, 1e-5));
        assertThat(LayerNormSpec.defaults()).isEqualTo(new LayerNormSpec(1e-5));
        assertThat(PReluSpec.defaults()).isEqualTo(new PReluSpec(0.25));
        assertThat(new MaxoutSpec(4, 2, MaxoutSpec.DEFAULT_INITIALIZER).outputWidth(9)).isEqualTo(4);
    }

    @ParameterizedTest(name = "momentum {0}")
    @ValueSource(doubles = {-0.1, 1.0001, Double.NaN})
    void batchNormMomentumOutsideZeroToOne(double momentum) {
        assertThatThrownBy(() -> ModelSpec.builder(3).batchNorm(momentum, 1e-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch norm momentum").hasMessageContaining("[0, 1]").hasMessageContaining(String.valueOf(momentum));
    }

    @Test
    void batchNormMomentumAtTheEndsOfTheRangeIsAccepted() {
        assertThat(new BatchNormSpec(0, 1e-5).momentum()).isZero();
        assertThat(new BatchNormSpec(1, 1e-5).momentum()).isEqualTo(1);
    }

    @ParameterizedTest(name = "epsilon {0}")
    @ValueSource(doubles = {0.0, -1e-5, Double.NaN, Double.POSITIVE_INFINITY})
    void normalisationEpsilonMustBePositive(double epsilon) {
        assertThatThrownBy(() -> new BatchNormSpec(0.1, epsilon))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch norm epsilon").hasMessageContaining("> 0").hasMessageContaining(String.valueOf(epsilon));
        assertThatThrownBy(() -> ModelSpec.builder(3).layerNorm(epsilon))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer norm epsilon").hasMessageContaining("> 0");
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(doubles = {1.0, -0.01, Double.NaN})
    void dropoutRateOutsideZeroToOne(double p) {
        assertThatThrownBy(() -> new DropoutSpec(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout rate p").hasMessageContaining("[0, 1)").hasMessageContaining(String.valueOf(p));
    }

    @ParameterizedTest(name = "k = {0}")
    @ValueSource(ints = {1, 0, -3})
    void maxoutNeedsAtLeastTwoPieces(int k) {
        assertThatThrownBy(() -> ModelSpec.builder(3).maxout(4, k))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxout k").hasMessageContaining("must be >= 2").hasMessageContaining("got " + k);
        assertThatThrownBy(() -> new MaxoutSpec(0, 2, Initializer.zeros())).hasMessageContaining("at least 1 unit");
    }

    @Test
    void preluSlopeMustBeFinite() {
        assertThatThrownBy(() -> new PReluSpec(Double.NaN)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PReLU initial α");
    }

    @Test
    void residualBlockThatChangesTheWidthIsRejectedAtTheBuilderNamingBothWidths() {
        assertThatThrownBy(() -> ModelSpec.builder(3).dense(8, Activation.relu()).residual(f -> f.dense(5, Activation.relu())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("residual block").hasMessageContaining("map 8 features to 5").hasMessageContaining("(8)");
        ResidualSpec spec = new ResidualSpec(List.of(new DenseSpec(4, Initializer.zeros(), 0)));
        assertThatThrownBy(() -> spec.outputWidth(6)).hasMessageContaining("map 6 features to 4");
        assertThat(spec.outputWidth(4)).isEqualTo(4);
    }

    @Test
    void residualBlockNeedsLayersAndNoOutput() {
        assertThatThrownBy(() -> new ResidualSpec(List.of())).hasMessageContaining("at least one layer");
        assertThatThrownBy(() -> ModelSpec.builder(3).residual(f -> { }))
                .hasMessageContaining("at least one layer");
        assertThatThrownBy(() -> ModelSpec.builder(3).residual(f -> f.output(3, Loss.meanSquaredError())))
                .hasMessageContaining("cannot contain the output layer");
    }

    @Test
    void residualBlockTakesOneIndexPlusThoseInside() {
        ResidualSpec inner = new ResidualSpec(List.of(new DropoutSpec(0.1)));
        ResidualSpec outer = new ResidualSpec(List.of(new DropoutSpec(0.1), inner, new BatchNormSpec(0.1, 1e-5)));
        assertThat(inner.indexSpan()).isEqualTo(2);
        assertThat(outer.indexSpan()).isEqualTo(1 + 1 + 2 + 1);
    }

    @Test
    void describeReadsLikeTheNetwork() {
        ModelSpec spec = ModelSpec.builder(4).batchNorm().dropout(0.5).residual(f -> f.layerNorm().prelu()).maxout(3, 2)
                .output(2, Loss.meanSquaredError()).build();
        assertThat(spec.describe()).isEqualTo("input:4 | batchnorm:momentum=0.1:epsilon=1.0E-5 | dropout:0.5"
                + " | residual[layernorm:epsilon=1.0E-5; prelu:alpha=0.25] | maxout:3:2:xavier_uniform | dense:2:xavier_uniform | loss:mse");
    }
}
