package dev.myelin.schedule;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReduceOnPlateauTest {

    @Test
    void aMissingMetricIsAnErrorNamingTheOnesAvailable() {
        ReduceOnPlateau s = new ReduceOnPlateau();
        s.rate(0.1, 0, 0);
        assertThatThrownBy(() -> s.onEpochEnd(null, 2, Map.of("loss", 0.5, "accuracy", 0.9, "lr", 0.1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("reduce-on-plateau monitors 'val_loss' but epoch 3 produced only [accuracy, loss, lr]"
                        + " (give the trainer a validation set, or monitor another metric)");
    }

    @Test
    void dropsByFactorAfterPatiencePlusOneBadEpochsAndNotBelowMinRate() {
        ReduceOnPlateau s = new ReduceOnPlateau(PlateauSettings.defaults().withFactor(0.5).withPatience(1).withMinRate(0.03));
        double[] metric = {1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03};
        for (int epoch = 0; epoch < metric.length; epoch++) {
            assertThat(s.rate(0.1, epoch, epoch)).as("epoch %d", epoch).isEqualTo(expected[epoch]);
            s.observe(metric[epoch]);
        }
    }

    @Test
    void aNaNMetricIsABadEpoch() {
        ReduceOnPlateau s = new ReduceOnPlateau(PlateauSettings.defaults().withPatience(0));
        s.rate(0.1, 0, 0);
        s.observe(1.0);
        s.observe(Double.NaN);
        assertThat(s.currentRate()).isEqualTo(0.1 * 0.1);
        assertThat(s.best()).isEqualTo(1.0);
    }

    @Test
    void aMetricBeforeAnyRateIsAnError() {
        assertThatThrownBy(() -> new ReduceOnPlateau().observe(1.0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reduce-on-plateau got a metric before its first rate was asked for");
    }

    @Test
    void trainStartResetsRateBestAndCounters() {
        ReduceOnPlateau s = new ReduceOnPlateau(PlateauSettings.defaults().withPatience(0));
        s.rate(0.1, 0, 0);
        s.observe(1.0);
        s.observe(2.0);
        assertThat(s.currentRate()).isEqualTo(0.010000000000000002);
        s.onTrainStart(null);
        assertThat(s.currentRate()).isNaN();
        assertThat(s.best()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(s.rate(0.2, 0, 0)).isEqualTo(0.2);
    }
}
