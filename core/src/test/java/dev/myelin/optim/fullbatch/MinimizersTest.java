package dev.myelin.optim.fullbatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MinimizersTest {

    @Test
    void namesGiveTheDefaultsAndSettingsOverrideThem() {
        assertThat(Minimizers.parse("lbfgs")).isEqualTo(Lbfgs.defaults());
        assertThat(Minimizers.parse("cg")).isEqualTo(NonlinearCg.defaults());
        assertThat(Minimizers.parse("L-BFGS:history=5,max_iter=200")).isEqualTo(Lbfgs.defaults().withHistorySize(5).withMaxIterations(200));
        assertThat(Minimizers.parse("lbfgs:max_iter=20,max_eval=30,tol_grad=1e-6,tol_change=0,lr=0.5"))
                .isEqualTo(new Lbfgs(10, 20, 30, 1e-6, 0, 0.5));
        assertThat(Minimizers.parse("cg:c2=0.05,restart=10,max_iter=40")).isEqualTo(new NonlinearCg(40, 100, 1e-7, 1e-9, 1, 0.05, 10));
        assertThat(Minimizers.parse("lbfgs:history=5").describe())
                .isEqualTo("lbfgs(history=5, max_iter=100, max_eval=125, tol_grad=1.0E-7, tol_change=1.0E-9, lr=1.0)");
    }

    @Test
    void rejectsUnknownNamesKeysAndMalformedValues() {
        assertThatThrownBy(() -> Minimizers.parse("newton")).hasMessage("unknown full-batch method 'newton' in 'newton'; known: lbfgs, cg");
        assertThatThrownBy(() -> Minimizers.parse("cg:history=3")).hasMessageContaining("cg has no setting 'history' (in 'cg:history=3'); it takes max_iter");
        assertThatThrownBy(() -> Minimizers.parse("lbfgs:history=2.5")).hasMessage("lbfgs: history must be a whole number such as 10, got '2.5' in 'lbfgs:history=2.5'");
        assertThatThrownBy(() -> Minimizers.parse("lbfgs:history=0")).hasMessage("L-BFGS history size must be >= 1, got 0");
        assertThatThrownBy(() -> Minimizers.parse("cg:c2=1")).hasMessageContaining("c2 must be in (1.0E-4, 1), got 1.0");
        assertThatThrownBy(() -> Minimizers.parse(" ")).hasMessageContaining("full-batch method specification is empty");
    }
}
