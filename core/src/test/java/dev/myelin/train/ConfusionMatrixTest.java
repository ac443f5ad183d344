package dev.myelin.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConfusionMatrixTest {

    @Test
    void precisionRecallAndF1FromCounts() {
        // true 0 predicted 0 ×3, true 0 predicted 1 ×1, true 1 predicted 1 ×2, true 2 predicted 0 ×2
        ConfusionMatrix m = new ConfusionMatrix(3);
        for (int i = 0; i < 3; i++) {
            m.add(0, 0);
        }
        m.add(0, 1);
        m.add(1, 1);
        m.add(1, 1);
        m.add(2, 0);
        m.add(2, 0);
        assertThat(m.total()).isEqualTo(8);
        assertThat(m.accuracy()).isEqualTo(5.0 / 8);
        assertThat(m.precision(0)).isEqualTo(3.0 / 5);
        assertThat(m.recall(0)).isEqualTo(3.0 / 4);
        assertThat(m.f1(0)).isCloseTo(2 * 0.6 * 0.75 / 1.35, within(1e-15));
        assertThat(m.precision(1)).isEqualTo(2.0 / 3);
        assertThat(m.recall(1)).isEqualTo(1.0);
        assertThat(m.precision(2)).isZero(); // never predicted: zero_division = 0
        assertThat(m.f1(2)).isZero();
        assertThat(m.toString()).contains("true\\pred");
    }

    @Test
    void historyFindsTheBestEpoch() {
        History h = new History();
        h.record(java.util.Map.of("val_loss", 0.9));
        h.record(java.util.Map.of("val_loss", 0.4));
        h.record(java.util.Map.of("val_loss", 0.6));
        assertThat(h.bestEpoch("val_loss", true)).isEqualTo(1);
        assertThat(h.bestEpoch("val_loss", false)).isEqualTo(0);
        assertThat(h.get("val_loss")).containsExactly(0.9, 0.4, 0.6);
        assertThat(h.epochs()).isEqualTo(3);
    }
}
