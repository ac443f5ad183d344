package dev.myelin.loss;

import dev.myelin.nn.Activation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LossTest {

    @Test
    void softmaxWithCategoricalCrossEntropyFusesIntoLogits() {
        assertThat(Loss.sparseCategoricalCrossEntropy().fusesWith(Activation.softmax())).isTrue();
        assertThat(Loss.binaryCrossEntropy().fusesWith(Activation.sigmoid())).isTrue();
        assertThat(Loss.meanSquaredError().fusesWith(Activation.sigmoid())).isFalse();
        assertThat(Loss.sparseCategoricalCrossEntropyWithLogits().outputActivation()).isEqualTo(Activation.softmax());
        assertThat(Loss.binaryCrossEntropyWithLogits().outputActivation()).isEqualTo(Activation.sigmoid());
        assertThat(Loss.meanSquaredError().outputActivation()).isEqualTo(Activation.identity());
    }

    @Test
    void parsesAndPrintsEveryLoss() {
        for (String name : new String[] {"mse", "mae", "huber:2.0", "bce", "bce_logits", "cce", "cce_logits", "sparse_cce", "sparse_cce_logits",
                "cce_logits,smoothing=0.1"}) {
            assertThat(Loss.parse(name).toString()).isEqualTo(name);
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> Loss.huber(0)).hasMessageContaining("Huber δ must be > 0");
        assertThatThrownBy(() -> Loss.categoricalCrossEntropy().withLabelSmoothing(1.0)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> Loss.meanSquaredError().withLabelSmoothing(0.1)).hasMessageContaining("categorical cross-entropies only");
        assertThatThrownBy(() -> Loss.parse("hinge")).hasMessageContaining("unknown loss 'hinge'");
    }
}
