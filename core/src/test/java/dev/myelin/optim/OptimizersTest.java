package dev.myelin.optim;

import dev.myelin.backend.MomentumForm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptimizersTest {

    @Test
    void bareNamesGiveTheDefaults() {
        assertThat(Optimizers.parse("sgd")).isEqualTo(Sgd.plain(0.01));
        assertThat(Optimizers.parse("momentum")).isEqualTo(Sgd.momentum(0.01, 0.9));
        assertThat(Optimizers.parse("nesterov")).isEqualTo(Sgd.nesterov(0.01, 0.9));
        assertThat(Optimizers.parse("ema")).isEqualTo(Sgd.emaMomentum(0.01, 0.9));
        assertThat(Optimizers.parse("adagrad")).isEqualTo(AdaGrad.defaults());
        assertThat(Optimizers.parse("adadelta")).isEqualTo(AdaDelta.defaults());
        assertThat(Optimizers.parse("rmsprop")).isEqualTo(RmsProp.defaults());
        assertThat(Optimizers.parse("adam")).isEqualTo(Adam.defaults());
        assertThat(Optimizers.parse("AdamW")).isEqualTo(AdamW.defaults());
        assertThat(Optimizers.parse(" nadam ")).isEqualTo(Nadam.defaults());
    }

    @Test
    void settingsOverrideDefaults() {
        assertThat(Optimizers.parse("adam:lr=1e-3,beta1=0.8")).isEqualTo(new Adam(1e-3, 0.8, 0.999, 1e-8, 0));
        assertThat(Optimizers.parse("adamw:lr=2e-3, wd=0.05, beta2=0.99, eps=1e-6")).isEqualTo(new AdamW(2e-3, 0.9, 0.99, 1e-6, 0.05));
        assertThat(Optimizers.parse("rmsprop:centered,momentum=0.9")).isEqualTo(RmsProp.defaults().asCentered().withMomentum(0.9));
        assertThat(Optimizers.parse("rmsprop:centred=false,alpha=0.9")).isEqualTo(RmsProp.defaults().withAlpha(0.9));
        assertThat(Optimizers.parse("sgd:momentum=0.9,nesterov")).isEqualTo(Sgd.nesterov(0.01, 0.9));
        assertThat(Optimizers.parse("sgd:lr=0.1,momentum=0.5,ema,weight_decay=1e-4")).isEqualTo(new Sgd(0.1, 0.5, MomentumForm.EMA, 1e-4));
        assertThat(Optimizers.parse("sgd:LR=.5,momentum=0.9")).isEqualTo(Sgd.momentum(0.5, 0.9));
        assertThat(Optimizers.parse("adadelta:rho=0.95,epsilon=1e-5,wd=0.1")).isEqualTo(new AdaDelta(1.0, 0.95, 1e-5, 0.1));
        assertThat(Optimizers.parse("adagrad:learning_rate=0.1,eps=1e-8")).isEqualTo(new AdaGrad(0.1, 1e-8, 0));
        assertThat(Optimizers.parse("nadam:momentum_decay=0.01,wd=1E-2")).isEqualTo(Nadam.defaults().withMomentumDecay(0.01).withWeightDecay(0.01));
    }

    @Test
    void aSeparateLearningRateAppliesWhenTheSpecGivesNone() {
        assertThat(Optimizers.parse("adam", 0.01).learningRate()).isEqualTo(0.01);
        assertThat(Optimizers.parse("adam:lr=0.002", 0.01).learningRate()).isEqualTo(0.002);
        assertThat(Optimizers.parse("nesterov:momentum=0.8", 0.1)).isEqualTo(Sgd.nesterov(0.1, 0.8));
    }

    @Test
    void describeOfEveryOptimiserNamesItsSettings() {
        assertThat(Optimizers.parse("adam:wd=0.1").describe()).isEqualTo("adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8, wd=0.1)");
    }

    @Test
    void rejectsEmptyAndUnknownNames() {
        assertThatThrownBy(() -> Optimizers.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer specification is empty; expected name[:key=value,...]");
        assertThatThrownBy(() -> Optimizers.parse("adamax:lr=1")).hasMessage(
                "unknown optimizer 'adamax' in 'adamax:lr=1'; known: sgd, momentum, nesterov, ema, adagrad, adadelta, rmsprop, adam, adamw, nadam");
        assertThatThrownBy(() -> Optimizers.parse("adam:")).hasMessageContaining("adam: nothing after ':'");
    }

    @Test
    void rejectsKeysTheOptimiserDoesNotTake() {
        assertThatThrownBy(() -> Optimizers.parse("adam:rho=0.9")).hasMessage("adam has no setting 'rho' (in 'adam:rho=0.9'); it takes lr, beta1, beta2, eps, wd");
        assertThatThrownBy(() -> Optimizers.parse("adagrad:centered")).hasMessageContaining("adagrad has no setting 'centered'");
    }

    @Test
    void rejectsMalformedSettings() {
        assertThatThrownBy(() -> Optimizers.parse("adam:lr=fast")).hasMessage("adam: lr must be a decimal number such as 0.9 or 1e-3, got 'fast' in 'adam:lr=fast'");
        assertThatThrownBy(() -> Optimizers.parse("adam:lr=NaN")).hasMessageContaining("lr must be a decimal number");
        assertThatThrownBy(() -> Optimizers.parse("adam:lr=1e-3d")).hasMessageContaining("lr must be a decimal number");
        assertThatThrownBy(() -> Optimizers.parse("adam:beta1")).hasMessageContaining("adam: beta1 needs a value, e.g. beta1=0.9");
        assertThatThrownBy(() -> Optimizers.parse("adam:lr=1,lr=2")).hasMessageContaining("adam: lr is given twice");
        assertThatThrownBy(() -> Optimizers.parse("adam:lr=1,,beta1=0.9")).hasMessageContaining("adam: empty setting");
        assertThatThrownBy(() -> Optimizers.parse("rmsprop:centered=yes")).hasMessageContaining("rmsprop: centered is a flag: write centered or centered=true/false, got 'yes'");
    }

    @Test
    void rejectsContradictoryMomentumForms() {
        assertThatThrownBy(() -> Optimizers.parse("sgd:nesterov")).hasMessageContaining("sgd: nesterov needs momentum > 0, e.g. sgd:momentum=0.9,nesterov");
        assertThatThrownBy(() -> Optimizers.parse("sgd:momentum=0.9,nesterov,ema")).hasMessageContaining("choose one");
    }

    @Test
    void outOfRangeValuesAreRejectedWithTheOptimisersOwnMessage() {
        assertThatThrownBy(() -> Optimizers.parse("adam:beta1=1.0")).hasMessage("β1 must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> Optimizers.parse("adamw:wd=-0.1")).hasMessage("weight decay must be a finite number >= 0, got -0.1");
        assertThatThrownBy(() -> Optimizers.parse("sgd:lr=0")).hasMessage("learning rate must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> Optimizers.parse("rmsprop:momentum=1.5")).hasMessage("momentum must be in [0, 1), got 1.5");
    }
}
