package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.NormalizerParams;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.augment.AdditiveNoise;
import dev.myelin.data.augment.Augmentations;
import dev.myelin.data.augment.Augmenter;
import dev.myelin.data.augment.ImageShape;
import dev.myelin.data.augment.PixelStandardScaler;
import dev.myelin.data.augment.RandomRotation;
import dev.myelin.data.augment.RandomShift;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Sgd;
import dev.myelin.train.Evaluator;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data augmentation through the trainer, on the embedded 8×8 digits, in the recommended order: fit the
 * normaliser on the raw training split, store the splits normalised, and augment in pixel units around it.
 */
class AugmentationTrainingTest {
    private static final ImageShape DIGIT = ImageShape.square(8);

    /** What one training run produced. */
    private record Run(double[] parameters, History history, double testAccuracy, List<double[]> firstBatch, long firstSeed) {
    }

    /**
     * Records the first batch the trainer hands over, before and after augmentation, and the seed the inner augmenter
     * drew from the step's generator, so the test can replay it.
     */
    private static final class Recorder implements Augmenter {
        private final Augmenter inner;
        private final List<double[]> first = new ArrayList<>();
        private long firstSeed;

        Recorder(Augmenter inner) {
            this.inner = inner;
        }

        @Override
        public void augment(double[] features, int rows, int featureCount, SplittableRandom rng) {
            long seed = rng.nextLong();
            if (first.isEmpty()) {
                first.add(Arrays.copyOf(features, rows * featureCount));
                firstSeed = seed;
            }
            inner.augment(features, rows, featureCount, new SplittableRandom(seed));
            if (first.size() == 1) {
                first.add(Arrays.copyOf(features, rows * featureCount));
            }
        }
    }

    private static Augmenter augmenter(NormalizerParams params) {
        // shifts of up to ±1 pixel, rotations of up to ±10°, noise of 0.5 grey levels kept within the 0..16 range
        return Augmentations.inPixelUnits(params, Augmentations.compose(DIGIT, new RandomShift(1), new RandomRotation(10),
                new AdditiveNoise(0.5).clippedTo(0, 16)));
    }

    private static Run train(long seed) {
        Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42);
        NormalizerParams params = new PixelStandardScaler().fit(split.train());
        Split scaled = params.transform(split);
        Recorder recorder = new Recorder(augmenter(params));
        ModelSpec spec = ModelSpec.builder(64).dense(128, Activation.relu())
                .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 42)) {
            History history = Trainer.builder().epochs(20).batchSize(32).seed(seed).optimizer(Sgd.momentum(0.05, 0.9)).augmentation(recorder).build()
                    .fit(model, scaled.train(), scaled.validation());
            return new Run(model.parametersToHost(), history, Evaluator.evaluate(model, scaled.test()).accuracy(), recorder.first,
                    recorder.firstSeed);
        }
    }

    private static Run seed42;

    @BeforeAll
    static void trainOnce() {
        seed42 = train(42);
    }

    @Test
    void augmentedTrainingIsBitIdenticalForTheSameSeedAndStillLearnsTheDigits() {
        Run a = seed42;
        Run b = train(42);
        Run c = train(43);
        assertThat(a.parameters()).containsExactly(b.parameters());
        assertThat(a.history().get("loss")).containsExactly(b.history().get("loss"));
        assertThat(Arrays.equals(a.parameters(), c.parameters())).isFalse();
        assertThat(a.testAccuracy()).isGreaterThanOrEqualTo(0.93);
        assertThat(a.history().last("val_accuracy")).isGreaterThanOrEqualTo(0.93);
    }

    @Test
    void theTrainerHandsTheAugmenterTheStoredBatchAndTrainsOnWhatItReturns() {
        Run run = seed42;
        double[] raw = run.firstBatch().get(0);
        long seed = run.firstSeed();
        double[] augmented = run.firstBatch().get(1);
        assertThat(raw.length).isEqualTo(32 * 64);

        // the augmented batch differs from the stored one in most pixels, and it is exactly the augmenter's output
        int changed = 0;
        for (int i = 0; i < raw.length; i++) {
            changed += raw[i] != augmented[i] ? 1 : 0;
        }
        assertThat(changed).isGreaterThan(raw.length / 2);
        Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42);
        NormalizerParams params = new PixelStandardScaler().fit(split.train());
        double[] replay = raw.clone();
        augmenter(params).augment(replay, 32, 64, new SplittableRandom(seed));
        assertThat(replay).containsExactly(augmented);

        // the rows handed over are normalised training images: in pixel units they are whole grey levels 0..16
        double mu = params.center()[0];
        double sigma = params.scale()[0];
        for (double z : raw) {
            double pixel = z * sigma + mu;
            assertThat(Math.abs(pixel - Math.rint(pixel))).isLessThan(1e-9);
            assertThat(Math.rint(pixel)).isBetween(0.0, 16.0);
        }
        // and after augmentation they are still within the grey-level range, now with fractional values
        for (double z : augmented) {
            assertThat(z * sigma + mu).isBetween(-1e-9, 16 + 1e-9);
        }
    }
}
