package dev.myelin.schedule;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LinearWarmupTest {
    private static final double ETA0 = 0.1;

    @Test
    void risesLinearlyFromStartFactorThenRunsTheNextScheduleFromItsOwnZero() {
        LinearWarmup s = new LinearWarmup(4, 0.2, new StepDecay(3, 0.5));
        double[] expected = {0.02, 0.04, 0.06, 0.08, 0.1, 0.1, 0.1, 0.05};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertThat(s.rate(ETA0, 0, epoch)).as("epoch %d", epoch).isCloseTo(expected[epoch], within(1e-16));
        }
        assertThat(s.per()).isEqualTo(Per.EPOCH);
        assertThat(new LinearWarmup(100, 0.5, new CosineAnnealing(900, 0, Per.STEP)).per()).isEqualTo(Per.STEP);
    }

    @Test
    void aScheduleWithoutTimeIsAskedWithTheUnshiftedStepAndEpoch() {
        Schedule echoEpoch = (baseRate, step, epoch) -> epoch;
        LinearWarmup s = new LinearWarmup(2, 0.5, echoEpoch, Per.EPOCH);
        assertThat(s.rate(ETA0, 0, 0)).isEqualTo(0.05);
        assertThat(s.rate(ETA0, 0, 7)).isEqualTo(7);
    }

    @Test
    void forwardsEpochEndsToAReduceOnPlateauAfterIt() {
        ReduceOnPlateau plateau = new ReduceOnPlateau(PlateauSettings.defaults().withPatience(0).withFactor(0.5));
        LinearWarmup s = new LinearWarmup(2, 0.5, plateau, Per.EPOCH);
        s.onTrainStart(null);
        // warm-up 0.1·(0.5 + 0.5·t/2) for epochs 0, 1; the plateau (patience 0) halves after every epoch from epoch 1 on,
        // its reduction after warm-up epoch 1 included
        double[] expected = {0.05, 0.075, 0.05, 0.025, 0.0125};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertThat(s.rate(ETA0, epoch, epoch)).as("epoch %d", epoch).isCloseTo(expected[epoch], within(1e-16));
            s.onEpochEnd(null, epoch, Map.of("val_loss", epoch == 0 ? 1.0 : 2.0)); // no improvement after epoch 0
        }
    }
}
