package dev.myelin.cli;

import dev.myelin.tune.TrialConfig;
import dev.myelin.tune.TrialContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrialTrainingTest {

    /** A context that never prunes: one trial, one thread. */
    private static final TrialContext PLAIN = new TrialContext() {
        @Override
        public int threads() {
            return 1;
        }

        @Override
        public int maxEpochs() {
            return 20;
        }

        @Override
        public long seed() {
            return 42;
        }

        @Override
        public boolean report(int epoch, double score) {
            return true;
        }
    };

    @Test
    void threeFoldScoreEstimatesTheSameAccuracyAsTheValidationSplit() throws Exception {
        List<String> base = List.of("--data", "iris", "--epochs", "20");
        TrialConfig config = new TrialConfig(0, Map.of("lr", 0.05));
        double validation = new TrialTraining(base, SearchMetric.VAL_ACCURACY, 0).run(config, PLAIN);
        double folds = new TrialTraining(base, SearchMetric.VAL_ACCURACY, 3).run(config, PLAIN);
        // Both estimate one model's accuracy on unseen Iris flowers (1.0 on the small validation split, 0.93 over three
        // folds of train + validation here): a fold scored on features the model never saw normalised lands near
        // chance (1/3) instead.
        assertThat(validation).isGreaterThan(0.85);
        assertThat(folds).isCloseTo(validation, within(0.1));
    }
}
