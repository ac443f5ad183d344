package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.loss.Loss;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A worked example of sparse categorical cross-entropy on four MNIST predictions (loss ≈ 0.865 by hand). */
class WorkedExampleTest {
    private static final double[] PROBABILITIES = {
            0.05, 0.05, 0.05, 0.70, 0.05, 0.05, 0.0, 0.0, 0.0, 0.05,   // sample 1, true class 3
            0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.15, 0.05, 0.10, // sample 2, true class 7
            0.05, 0.60, 0.10, 0.05, 0.05, 0.05, 0.0, 0.05, 0.0, 0.05,   // sample 3, true class 1
            0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.50  // sample 4, true class 9
    };
    private static final double[] LABELS = {3, 7, 1, 9};

    private static double meanLoss(Backend backend, Loss loss) {
        try (Tensor p = backend.allocate(4, 10); Tensor y = backend.allocate(4, 1); Tensor sum = backend.allocate(1, 1)) {
            backend.upload(PROBABILITIES, 0, p);
            backend.upload(LABELS, 0, y);
            backend.lossForward(loss.spec(), p, y, sum);
            return backend.readScalar(sum, 0) / 4;
        }
    }

    @Test
    void sparseCategoricalCrossEntropyOfFourMnistPredictionsIs0865() {
        double expected = -(Math.log(0.70) + Math.log(0.15) + Math.log(0.60) + Math.log(0.50)) / 4;
        try (Backend f64 = Backends.cpu64(); Backend f32 = Backends.cpu32()) {
            double loss = meanLoss(f64, Loss.sparseCategoricalCrossEntropy());
            assertThat(loss).isCloseTo(expected, within(1e-15));
            assertThat(loss).isCloseTo(0.865, within(0.001)); // by hand, with the logarithms rounded to three places
            assertThat(meanLoss(f32, Loss.sparseCategoricalCrossEntropy())).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void theSameBatchAsLogitsGivesTheRenormalisedLossThroughTheFusedSoftmax() {
        // log-probabilities as logits: softmax gives back each row divided by its sum (sample 4 of the notes sums to 0.95,
        // the others to 1); zeros map to a very negative logit
        double[] logits = new double[PROBABILITIES.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = PROBABILITIES[i] == 0 ? -1000 : Math.log(PROBABILITIES[i]);
        }
        try (Backend f64 = Backends.cpu64(); Tensor x = f64.allocate(4, 10); Tensor y = f64.allocate(4, 1); Tensor sum = f64.allocate(1, 1)) {
            f64.upload(logits, 0, x);
            f64.upload(LABELS, 0, y);
            f64.lossForward(Loss.sparseCategoricalCrossEntropyWithLogits().spec(), x, y, sum);
            double expected = 0;
            for (int i = 0; i < 4; i++) {
                double rowSum = 0;
                for (int j = 0; j < 10; j++) {
                    rowSum += PROBABILITIES[i * 10 + j];
                }
                expected -= Math.log(PROBABILITIES[i * 10 + (int) LABELS[i]] / rowSum) / 4;
            }
            assertThat(f64.readScalar(sum, 0) / 4).isCloseTo(expected, within(1e-12));
            assertThat(expected).isCloseTo(0.8644419332876374 + Math.log(0.95) / 4, within(1e-12));
        }
    }
}
