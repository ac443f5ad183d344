package dev.myelin.optim;

import dev.myelin.backend.MomentumForm;
import dev.myelin.util.MessageMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.myelin.util.MessageMatch.PART;
import static dev.myelin.util.MessageMatch.WHOLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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

    /**
     * Each rejected specification, whether its message is checked whole or by a part, and that message: empty and unknown
     * names, keys the optimiser does not take, malformed settings, contradictory momentum forms, and out-of-range values
     * (rejected with the optimiser's own message).
     */
    static Stream<Arguments> rejectedSpecifications() {
        return Stream.of(
                arguments("", PART, "optimizer specification is empty; expected name[:key=value,...]"),
                arguments("adamax:lr=1", WHOLE,
                        "unknown optimizer 'adamax' in 'adamax:lr=1'; known: sgd, momentum, nesterov, ema, adagrad, adadelta, rmsprop, adam, adamw, nadam"),
                arguments("adam:", PART, "adam: nothing after ':'"),
                arguments("adam:rho=0.9", WHOLE, "adam has no setting 'rho' (in 'adam:rho=0.9'); it takes lr, beta1, beta2, eps, wd"),
                arguments("adagrad:centered", PART, "adagrad has no setting 'centered'"),
                arguments("adam:lr=fast", WHOLE, "adam: lr must be a decimal number such as 0.9 or 1e-3, got 'fast' in 'adam:lr=fast'"),
                arguments("adam:lr=NaN", PART, "lr must be a decimal number"),
                arguments("adam:lr=1e-3d", PART, "lr must be a decimal number"),
                arguments("adam:beta1", PART, "adam: beta1 needs a value, e.g. beta1=0.9"),
                arguments("adam:lr=1,lr=2", PART, "adam: lr is given twice"),
                arguments("adam:lr=1,,beta1=0.9", PART, "adam: empty setting"),
                arguments("rmsprop:centered=yes", PART, "rmsprop: centered is a flag: write centered or centered=true/false, got 'yes'"),
                arguments("sgd:nesterov", PART, "sgd: nesterov needs momentum > 0, e.g. sgd:momentum=0.9,nesterov"),
                arguments("sgd:momentum=0.9,nesterov,ema", PART, "choose one"),
                arguments("adam:beta1=1.0", WHOLE, "β1 must be in (0, 1), got 1.0"),
                arguments("adamw:wd=-0.1", WHOLE, "weight decay must be a finite number >= 0, got -0.1"),
                arguments("sgd:lr=0", WHOLE, "learning rate must be a finite number > 0, got 0.0"),
                arguments("rmsprop:momentum=1.5", WHOLE, "momentum must be in [0, 1), got 1.5"));
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("rejectedSpecifications")
    void rejectsWithAMessageSayingWhatIsWrong(String specification, MessageMatch match, String message) {
        match.assertRejected(() -> Optimizers.parse(specification), message);
    }
}
