package dev.myelin.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults and the messages for invalid settings of the adaptive optimisers. */
class AdaptiveOptimizerSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(AdaGrad.defaults()).isEqualTo(new AdaGrad(0.01, 1e-10, 0));
        assertThat(AdaDelta.defaults()).isEqualTo(new AdaDelta(1.0, 0.9, 1e-6, 0));
        assertThat(RmsProp.defaults()).isEqualTo(new RmsProp(0.01, 0.99, 1e-8, 0, false, 0));
        assertThat(Adam.defaults()).isEqualTo(new Adam(1e-3, 0.9, 0.999, 1e-8, 0));
        assertThat(AdamW.defaults()).isEqualTo(new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01));
        assertThat(Nadam.defaults()).isEqualTo(new Nadam(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3));
    }

    @Test
    void rejectsBadLearningRatesEverywhere() {
        for (double lr : new double[] {0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
            String msg = "learning rate must be a finite number > 0, got " + lr;
            assertThatThrownBy(() -> AdaGrad.of(lr)).hasMessageContaining(msg);
            assertThatThrownBy(() -> AdaDelta.of(lr)).hasMessageContaining(msg);
            assertThatThrownBy(() -> RmsProp.of(lr)).hasMessageContaining(msg);
            assertThatThrownBy(() -> Adam.of(lr)).hasMessageContaining(msg);
            assertThatThrownBy(() -> AdamW.of(lr)).hasMessageContaining(msg);
            assertThatThrownBy(() -> Nadam.of(lr)).hasMessageContaining(msg);
        }
    }

    @Test
    void rejectsBetasOutsideTheUnitInterval() {
        assertThatThrownBy(() -> Adam.defaults().withBetas(1.0, 0.999)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("β1 must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> Adam.defaults().withBetas(-0.1, 0.999)).hasMessage("β1 must be in (0, 1), got -0.1");
        assertThatThrownBy(() -> AdamW.defaults().withBetas(0.9, 1.0)).hasMessage("β2 must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> Nadam.defaults().withBetas(0.9, 1.5)).hasMessage("β2 must be in (0, 1), got 1.5");
        assertThatThrownBy(() -> Nadam.defaults().withBetas(Double.NaN, 0.9)).hasMessage("β1 must be in (0, 1), got NaN");
        assertThatThrownBy(() -> Adam.defaults().withBetas(0.0, 0.999)).hasMessage("β1 must be in (0, 1), got 0.0");
    }

    @Test
    void rejectsRhoAlphaAndMomentumOutsideTheUnitInterval() {
        assertThatThrownBy(() -> AdaDelta.defaults().withRho(1.0)).hasMessage("ρ must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> RmsProp.defaults().withAlpha(-0.5)).hasMessage("α must be in [0, 1), got -0.5");
        assertThatThrownBy(() -> RmsProp.defaults().withMomentum(1.0)).hasMessage("momentum must be in [0, 1), got 1.0");
    }

    @Test
    void rejectsNonPositiveEpsilon() {
        assertThatThrownBy(() -> AdaGrad.defaults().withEpsilon(0)).hasMessage("ε must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> AdaDelta.defaults().withEpsilon(-1e-6)).hasMessage("ε must be a finite number > 0, got -1.0E-6");
        assertThatThrownBy(() -> RmsProp.defaults().withEpsilon(Double.POSITIVE_INFINITY)).hasMessage("ε must be a finite number > 0, got Infinity");
        assertThatThrownBy(() -> Adam.defaults().withEpsilon(0)).hasMessage("ε must be a finite number > 0, got 0.0");
    }

    @Test
    void rejectsNegativeWeightDecayAndMomentumDecay() {
        String msg = "weight decay must be a finite number >= 0, got -0.01";
        assertThatThrownBy(() -> AdaGrad.defaults().withWeightDecay(-0.01)).hasMessage(msg);
        assertThatThrownBy(() -> AdaDelta.defaults().withWeightDecay(-0.01)).hasMessage(msg);
        assertThatThrownBy(() -> RmsProp.defaults().withWeightDecay(-0.01)).hasMessage(msg);
        assertThatThrownBy(() -> Adam.defaults().withWeightDecay(-0.01)).hasMessage(msg);
        assertThatThrownBy(() -> AdamW.defaults().withWeightDecay(-0.01)).hasMessage(msg);
        assertThatThrownBy(() -> Nadam.defaults().withWeightDecay(-0.01)).hasMessage(msg);
        assertThatThrownBy(() -> Nadam.defaults().withMomentumDecay(-1)).hasMessage("momentum decay must be a finite number >= 0, got -1.0");
    }

    @Test
    void nadamMomentumScheduleFollowsTheFormula() {
        Nadam n = Nadam.defaults();
        assertThat(n.mu(1)).isEqualTo(0.9 * (1 - 0.5 * Math.pow(0.96, 4e-3)));
        assertThat(n.mu(250)).isCloseTo(0.9 * (1 - 0.5 * 0.96), org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void describeNamesEverySetting() {
        assertThat(RmsProp.of(0.01).asCentered().withMomentum(0.9).describe()).isEqualTo("rmsprop(lr=0.01, alpha=0.99, eps=1.0E-8, momentum=0.9, centered)");
        assertThat(AdamW.defaults().describe()).isEqualTo("adamw(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, wd=0.01)");
    }
}
