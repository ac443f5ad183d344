package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.regularization.Regularization;
import dev.myelin.train.OverfittingReport;
import dev.myelin.train.Trainer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The overfitting report on real training runs: a big net memorising 40 noisy points is flagged; L2 tames it. */
class OverfittingReportTrainingTest {

    /** 2 → 128 → 128 → 2 (17,282 parameters) on 40 training moons with noise 0.35, full batch, Adam 0.01, 300 epochs. */
    private static OverfittingReport run(Regularization regularization) {
        Split split = Splits.stratified(Synthetic.twoMoons(80, 0.35, 7), 0.5, 0.5, 0.0, 7);
        ModelSpec spec = ModelSpec.builder(2).dense(128, Activation.relu()).dense(128, Activation.relu())
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).regularization(regularization).build();
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 3)) {
            return OverfittingReport.of(Trainer.builder().epochs(300).batchSize(40).seed(3).optimizer(Adam.of(0.01)).build()
                    .fit(model, split.train(), split.validation()));
        }
    }

    @Test
    void anOverParameterisedNetOnFewNoisyPointsIsFlaggedAndAnL2RegularisedOneMuchLess() {
        OverfittingReport plain = run(Regularization.none());
        OverfittingReport l2 = run(Regularization.l2(0.01));
        int last = plain.epochs() - 1;

        // memorised: training loss → 0 while validation loss climbs from an early minimum
        assertThat(plain.overfitting()).isTrue();
        assertThat(plain.onsetEpoch().getAsInt()).isLessThan(50);
        assertThat(plain.onsetEpoch().getAsInt()).isEqualTo(plain.bestValidationEpoch() + 1);
        assertThat(plain.validationRise()).isGreaterThan(0.3);
        assertThat(plain.lossGap()[last]).isGreaterThan(0.5);
        assertThat(plain.accuracyGap()[last]).isGreaterThan(0.05); // every training point right, 1 in 10+ validation points wrong
        assertThat((double) plain.divergingCount() / plain.checkedEpochs()).isGreaterThan(0.8);
        assertThat(plain.summary()).contains("Overfitting began at epoch " + (plain.onsetEpoch().getAsInt() + 1));

        // the penalty keeps the weights small: validation loss keeps falling far longer and barely rises after its minimum
        assertThat(l2.validationRise()).isLessThan(plain.validationRise() / 10);
        assertThat(l2.lossGap()[last]).isLessThan(plain.lossGap()[last] / 4);
        assertThat(l2.divergingCount()).isLessThan(plain.divergingCount() / 2);
        assertThat(l2.bestValidationEpoch()).isGreaterThan(5 * plain.bestValidationEpoch());
    }
}
