package dev.myelin.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SgdTest {

    @Test
    void rejectsNegativeZeroNanAndInfiniteLearningRates() {
        for (double lr : new double[] {-0.1, 0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Sgd.plain(lr)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("learning rate must be a finite number > 0, got " + lr);
        }
    }

    @Test
    void rejectsMomentumOutsideUnitInterval() {
        assertThatThrownBy(() -> Sgd.momentum(0.1, 1.0)).hasMessageContaining("momentum must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> Sgd.nesterov(0.1, -0.5)).hasMessageContaining("momentum must be in [0, 1), got -0.5");
        assertThatThrownBy(() -> Sgd.plain(0.1).withWeightDecay(-1)).hasMessageContaining("weight decay must be a finite number >= 0");
    }
}
