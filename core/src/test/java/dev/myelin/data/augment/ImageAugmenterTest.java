package dev.myelin.data.augment;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Composition: order, rows, probabilities and the draw order that makes a seed reproducible. */
class ImageAugmenterTest {
    private static final ImageShape TWO = ImageShape.square(2);
    private static final ImageTransform PLUS_ONE = (src, dst, shape, rng) -> {
        for (int i = 0; i < shape.pixels(); i++) {
            dst[i] = src[i] + 1;
        }
    };
    private static final ImageTransform TIMES_TWO = (src, dst, shape, rng) -> {
        for (int i = 0; i < shape.pixels(); i++) {
            dst[i] = src[i] * 2;
        }
    };

    @Test
    void transformsRunInTheOrderGivenOnEveryRowAndOnlyOnTheRowsGiven() {
        double[] batch = {1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9};
        Augmentations.compose(TWO, PLUS_ONE, TIMES_TWO).augment(batch, 2, 4, new SplittableRandom(0));
        assertThat(batch).containsExactly(4, 6, 8, 10, 12, 14, 16, 18, 9, 9, 9, 9); // (x + 1)·2; the third row is not part of the batch
        double[] other = {1, 2, 3, 4};
        Augmentations.compose(TWO, TIMES_TWO, PLUS_ONE).augment(other, 1, 4, new SplittableRandom(0));
        assertThat(other).containsExactly(3, 5, 7, 9);
        double[] none = {1, 2, 3, 4};
        Augmentations.compose(TWO).augment(none, 1, 4, new SplittableRandom(0));
        assertThat(none).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aTransformWithProbabilityPIsAppliedToAboutAFractionPOfTheRows() {
        int rows = 4000;
        double[] batch = new double[rows * 4];
        ImageAugmenter augmenter = Augmentations.builder(TWO).add(PLUS_ONE, 0.3).add(TIMES_TWO, 0).build();
        augmenter.augment(batch, rows, 4, new SplittableRandom(1));
        int changed = 0;
        for (int r = 0; r < rows; r++) {
            assertThat(batch[r * 4]).isIn(0.0, 1.0);
            changed += batch[r * 4] == 1 ? 1 : 0;
        }
        assertThat((double) changed / rows).isCloseTo(0.3, within(4 * Math.sqrt(0.3 * 0.7 / rows)));
        // the coin is the first draw of a row's step: rows whose draw was below 0.3 were changed
        SplittableRandom replay = new SplittableRandom(1);
        for (int r = 0; r < rows; r++) {
            boolean applied = replay.nextDouble() < 0.3;
            replay.nextDouble(); // the coin of the probability-0 step
            assertThat(batch[r * 4]).isEqualTo(applied ? 1 : 0);
        }
    }

    @Test
    void theSameSeedGivesABitIdenticalBatch() {
        ImageShape eight = ImageShape.square(8);
        ImageAugmenter augmenter = Augmentations.builder(eight).add(new RandomShift(1)).add(new RandomRotation(10), 0.5)
                .add(new RandomZoom(0.9, 1.1)).add(new ElasticDistortion(8, 1.5), 0.5).add(new AdditiveNoise(0.5).clippedTo(0, 16)).build();
        SplittableRandom data = new SplittableRandom(5);
        double[] raw = new double[10 * 64];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = data.nextInt(17);
        }
        double[] a = raw.clone();
        double[] b = raw.clone();
        double[] c = raw.clone();
        augmenter.augment(a, 10, 64, new SplittableRandom(77));
        augmenter.augment(b, 10, 64, new SplittableRandom(77));
        augmenter.augment(c, 10, 64, new SplittableRandom(78));
        assertThat(a).containsExactly(b);
        assertThat(Arrays.equals(a, c)).isFalse();
        assertThat(Arrays.equals(a, raw)).isFalse();
        assertThat(augmenter.steps()).hasSize(5);
        assertThat(augmenter.steps().get(1).probability()).isEqualTo(0.5);
    }
}
