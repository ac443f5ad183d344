package dev.myelin.model;

import dev.myelin.loss.Loss;
import dev.myelin.nn.Activation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cross-entropy on probabilities after a linear output is refused when the spec is built, with both fixes named. */
class ProbabilityLossCheckTest {

    @Test
    void sparseCrossEntropyAfterALinearOutputIsRefusedWithTheFix() {
        assertThatThrownBy(() -> ModelSpec.builder(4).dense(8, Activation.relu()).output(3, Loss.sparseCategoricalCrossEntropy()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes probabilities")
                .hasMessageContaining("add a softmax output")
                .hasMessageContaining("sparseCategoricalCrossEntropyWithLogits()");
        assertThatThrownBy(() -> ModelSpec.builder(4).output(1, Loss.binaryCrossEntropy()).build())
                .hasMessageContaining("add a sigmoid output").hasMessageContaining("binaryCrossEntropyWithLogits()");
    }

    @Test
    void theProbabilityAndLogitFormsStillBuild() {
        assertThat(ModelSpec.builder(4).output(3, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build().loss().spec().fromLogits()).isTrue();
        assertThat(ModelSpec.builder(4).output(3, Loss.sparseCategoricalCrossEntropyWithLogits()).build().layers()).hasSize(1);
        assertThat(ModelSpec.builder(4).dense(3, Activation.identity()).activation(Activation.softmax()).loss(Loss.categoricalCrossEntropy()).build()
                .loss().spec().fromLogits()).isFalse();
        assertThat(ModelSpec.builder(4).output(2, Loss.meanSquaredError()).build().layers()).hasSize(1);
    }
}
