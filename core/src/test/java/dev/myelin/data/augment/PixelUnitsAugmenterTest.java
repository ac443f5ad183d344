package dev.myelin.data.augment;

import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.NormalizerParams;
import dev.myelin.data.StandardScaler;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Augmenting normalised batches in pixel units, and why images want one scale for all pixels. */
class PixelUnitsAugmenterTest {
    private static final ImageShape EIGHT = ImageShape.square(8);

    @Test
    void augmentingANormalisedBatchInPixelUnitsEqualsNormalisingTheAugmentedRawBatch() {
        Dataset digits = EmbeddedData.digits();
        int rows = 20;
        double[] raw = Arrays.copyOf(digits.features(), rows * 64);
        ImageAugmenter images = Augmentations.compose(EIGHT, new RandomShift(1), new RandomRotation(10), new AdditiveNoise(0.5).clippedTo(0, 16));
        for (NormalizerParams params : new NormalizerParams[] {new StandardScaler().fit(digits), new PixelStandardScaler().fit(digits)}) {
            double[] expected = raw.clone();
            images.augment(expected, rows, 64, new SplittableRandom(3));
            params.transformInPlace(expected);

            double[] batch = raw.clone();
            params.transformInPlace(batch);
            Augmentations.inPixelUnits(params, images).augment(batch, rows, 64, new SplittableRandom(3));
            assertThat(batch).as(params.kind()).containsExactly(expected, within(1e-12));
        }
    }

    @Test
    void pixelStandardisationUsesTheMeanAndStandardDeviationOfAllPixels() {
        double[][] images = {{0, 2, 4, 6}, {8, 10, 12, 14}};
        Dataset data = Dataset.classification("two", images, new int[] {0, 1}, 2);
        NormalizerParams p = new PixelStandardScaler().fit(data);
        double mean = 7;
        double std = Math.sqrt((49 + 25 + 9 + 1 + 1 + 9 + 25 + 49) / 8.0); // population std of 0, 2, …, 14
        assertThat(p.kind()).isEqualTo(PixelStandardScaler.KIND);
        assertThat(p.center()).containsOnly(mean);
        assertThat(p.scale()).containsOnly(std);
        assertThat(p.offset()).containsOnly(0);
        Dataset blank = Dataset.classification("blank", new double[][] {{3, 3}, {3, 3}}, new int[] {0, 1}, 2);
        assertThat(new PixelStandardScaler().fit(blank).scale()).containsOnly(1); // no division by zero
    }

    /**
     * Per-pixel standardisation gives border pixels that are almost always 0 in training a tiny standard deviation, so
     * a one-pixel shift that moves ink there produces z-scores far outside anything seen in training; with one scale
     * for all pixels a shifted image stays within (16 − μ)/σ, the z-score of the brightest grey level.
     */
    @Test
    void aOnePixelShiftBlowsUpPerPixelZScoresButNotPixelWideOnes() {
        Dataset digits = EmbeddedData.digits();
        NormalizerParams perPixel = new StandardScaler().fit(digits);
        NormalizerParams pixelWide = new PixelStandardScaler().fit(digits);
        double[] shifted = digits.features().clone();
        int n = digits.size();
        double[] dst = new double[64];
        for (int i = 0; i < n; i++) {
            double[] src = Arrays.copyOfRange(shifted, i * 64, i * 64 + 64);
            Affine.translation(0, 1).apply(src, dst, EIGHT, 0);
            System.arraycopy(dst, 0, shifted, i * 64, 64);
        }
        double[] zPerPixel = shifted.clone();
        perPixel.transformInPlace(zPerPixel);
        double[] zPixelWide = shifted.clone();
        pixelWide.transformInPlace(zPixelWide);
        double maxPerPixel = Arrays.stream(zPerPixel).map(Math::abs).max().orElseThrow();
        double maxPixelWide = Arrays.stream(zPixelWide).map(Math::abs).max().orElseThrow();
        double[] originalPerPixel = digits.features().clone();
        perPixel.transformInPlace(originalPerPixel);
        double maxOriginal = Arrays.stream(originalPerPixel).map(Math::abs).max().orElseThrow();
        double mu = pixelWide.center()[0];
        double sigma = pixelWide.scale()[0];
        assertThat(maxPixelWide).isLessThanOrEqualTo(Math.max(16 - mu, mu) / sigma + 1e-12);
        assertThat(maxPerPixel).isGreaterThan(3 * maxOriginal); // far outside the training range of z-scores
        assertThat(maxPerPixel).isGreaterThan(10 * maxPixelWide);
    }
}
