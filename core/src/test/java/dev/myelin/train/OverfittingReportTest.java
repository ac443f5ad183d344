package dev.myelin.train;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The overfitting report on hand-made histories whose gaps and diverging epochs can be read off the numbers. */
class OverfittingReportTest {

    private static History history(double[] loss, double[] valLoss, double[] accuracy, double[] valAccuracy) {
        History h = new History();
        for (int e = 0; e < loss.length; e++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", loss[e]);
            if (accuracy != null) {
                m.put("accuracy", accuracy[e]);
            }
            m.put("lr", 0.1);
            m.put("val_loss", valLoss[e]);
            if (valAccuracy != null) {
                m.put("val_accuracy", valAccuracy[e]);
            }
            h.record(m);
        }
        return h;
    }

    // training keeps improving; validation loss bottoms out at epoch 3 (0-based) and climbs
    private static final double[] LOSS = {1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1};
    private static final double[] VAL_LOSS = {1.1, 0.9, 0.7, 0.65, 0.7, 0.8, 0.9, 1.0};
    private static final double[] ACC = {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};
    private static final double[] VAL_ACC = {0.45, 0.55, 0.65, 0.7, 0.7, 0.7, 0.68, 0.66};

    @Test
    void gapsAreValidationMinusTrainingLossAndTrainingMinusValidationAccuracyPerEpoch() {
        OverfittingReport r = OverfittingReport.of(history(LOSS, VAL_LOSS, ACC, VAL_ACC));
        assertThat(r.epochs()).isEqualTo(8);
        assertThat(r.lossGap()).containsExactly(1.1 - 1.0, 0.9 - 0.8, 0.7 - 0.6, 0.65 - 0.5, 0.7 - 0.4, 0.8 - 0.3, 0.9 - 0.2, 1.0 - 0.1);
        assertThat(r.hasAccuracy()).isTrue();
        assertThat(r.accuracyGap()).containsExactly(0.5 - 0.45, 0.6 - 0.55, 0.7 - 0.65, 0.75 - 0.7, 0.8 - 0.7, 0.85 - 0.7, 0.9 - 0.68, 0.95 - 0.66);
    }

    @Test
    void epochsWhereValidationLossRoseOverTheWindowWhileTrainingLossFellAreFlaggedAndTheOnsetFollowsTheMinimum() {
        OverfittingReport r = OverfittingReport.of(history(LOSS, VAL_LOSS, ACC, VAL_ACC));
        // window 3: epoch 5 compares with 2 (0.8 > 0.7, 0.3 < 0.6), 6 with 3 (0.9 > 0.65), 7 with 4 (1.0 > 0.7); 3 and 4 do not
        assertThat(r.window()).isEqualTo(3);
        assertThat(r.divergingEpochs()).containsExactly(5, 6, 7);
        assertThat(r.diverging()).containsExactly(false, false, false, false, false, true, true, true);
        assertThat(r.checkedEpochs()).isEqualTo(5);
        assertThat(r.overfitting()).isTrue();
        assertThat(r.onsetEpoch()).hasValue(4); // lowest validation loss at epoch 3; epochs 6 and 7 compare with epochs ≥ 3
        assertThat(r.bestValidationEpoch()).isEqualTo(3);
        assertThat(r.validationRise()).isEqualTo(1.0 - 0.65);

        OverfittingReport neighbours = OverfittingReport.of(history(LOSS, VAL_LOSS, ACC, VAL_ACC), 1);
        assertThat(neighbours.divergingEpochs()).containsExactly(4, 5, 6, 7);
        assertThat(neighbours.onsetEpoch()).hasValue(4);
    }

    @Test
    void theSummaryStatesTheLossesTheOnsetAndTheFinalGaps() {
        String s = OverfittingReport.of(history(LOSS, VAL_LOSS, ACC, VAL_ACC)).summary();
        assertThat(s).isEqualTo("Over 8 epochs training loss went from 1.0000 to 0.1000 and validation loss from 1.1000 to 1.0000 (lowest 0.6500 at epoch 4). "
                + "Overfitting began at epoch 5: validation loss has not returned to its minimum at epoch 4 and has risen by 0.3500 since, while "
                + "training loss kept falling; it rose while training loss fell (comparing epochs 3 apart) at 3 of 5 epochs checked. At the last epoch the loss gap (validation − training) is 0.9000 and the accuracy gap "
                + "(training − validation) is 29.00 percentage points. Early stopping on val_loss would keep epoch 4; more data, augmentation or "
                + "regularisation narrow the gap.");
    }

    @Test
    void bothLossesFallingIsNotOverfitting() {
        double[] loss = {1.0, 0.7, 0.5, 0.4, 0.35, 0.3};
        double[] val = {1.2, 0.9, 0.8, 0.75, 0.74, 0.73};
        OverfittingReport r = OverfittingReport.of(history(loss, val, null, null));
        assertThat(r.overfitting()).isFalse();
        assertThat(r.divergingEpochs()).isEmpty();
        assertThat(r.onsetEpoch()).isEmpty();
        assertThat(r.bestValidationEpoch()).isEqualTo(5);
        assertThat(r.hasAccuracy()).isFalse();
        assertThat(r.accuracyGap()).containsOnly(Double.NaN);
        assertThat(r.summary()).isEqualTo("Over 6 epochs training loss went from 1.0000 to 0.3000 and validation loss from 1.2000 to 0.7300 (lowest 0.7300 at "
                + "epoch 6). No overfitting detected: validation loss never rose while training loss fell (comparing epochs 3 apart). At the last epoch the "
                + "loss gap (validation − training) is 0.4300.");
    }

    @Test
    void bothLossesRisingIsInstabilityNotOverfitting() {
        double[] loss = {0.5, 0.4, 0.45, 0.6, 0.8, 1.0};
        double[] val = {0.6, 0.5, 0.55, 0.7, 0.9, 1.2};
        assertThat(OverfittingReport.of(history(loss, val, null, null), 1).divergingEpochs()).isEmpty();
    }

    @Test
    void aBumpOnTheWayDownIsCountedButIsNotOverfittingAndAWiderWindowIgnoresIt() {
        double[] loss = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5};
        double[] val = {1.0, 0.9, 0.95, 0.85, 0.8, 0.75}; // one bump at epoch 2, lowest at the end
        OverfittingReport neighbours = OverfittingReport.of(history(loss, val, null, null), 1);
        assertThat(neighbours.divergingEpochs()).containsExactly(2);
        assertThat(neighbours.overfitting()).isFalse();
        assertThat(neighbours.validationRise()).isZero();
        assertThat(neighbours.summary()).contains("No sustained overfitting: validation loss rose while training loss fell (comparing epochs 1 apart) at "
                + "1 of 5 epochs checked, but not after its minimum at epoch 6.");
        assertThat(OverfittingReport.of(history(loss, val, null, null), 3).divergingEpochs()).isEmpty();
    }

    @Test
    void aMinimumTooCloseToTheEndForAWholeWindowIsNotYetOverfitting() {
        double[] loss = {1.0, 0.8, 0.6, 0.5, 0.4, 0.3};
        double[] val = {1.0, 0.8, 0.7, 0.6, 0.65, 0.7}; // lowest at epoch 3, two epochs of rise
        assertThat(OverfittingReport.of(history(loss, val, null, null), 3).overfitting()).isFalse();
        assertThat(OverfittingReport.of(history(loss, val, null, null), 2).onsetEpoch()).hasValue(4);
    }

    @Test
    void tooFewEpochsForTheWindowAreReportedAsSuch() {
        OverfittingReport r = OverfittingReport.of(history(new double[] {1, 0.5}, new double[] {1, 2}, null, null), 3);
        assertThat(r.checkedEpochs()).isZero();
        assertThat(r.overfitting()).isFalse();
        assertThat(r.summary()).contains("Too few epochs to look for overfitting (comparing epochs 3 apart).");
    }

    @Test
    void invalidInputsAreRejectedWithTheSettingAndRange() {
        History noValidation = new History();
        noValidation.record(Map.of("loss", 1.0));
        assertThatThrownBy(() -> OverfittingReport.of(noValidation)).hasMessageContaining("needs 'loss' and 'val_loss'")
                .hasMessageContaining("train with a validation set");
        assertThatThrownBy(() -> OverfittingReport.of(history(LOSS, VAL_LOSS, null, null), 0))
                .hasMessageContaining("overfitting window (epochs) must be >= 1, got 0");
    }
}
