package dev.myelin.data.augment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What each random transform draws, and that it then does exactly the deterministic resampling. */
class RandomTransformsTest {
    private static final ImageShape EIGHT = ImageShape.square(8);

    private static double[] run(ImageTransform t, double[] src, ImageShape shape, long seed) {
        double[] dst = new double[shape.pixels()];
        t.apply(src, dst, shape, new SplittableRandom(seed));
        return dst;
    }

    @Test
    void randomShiftDrawsRowsThenColumnsUniformlyInMinusMaxToMax() {
        double[] src = TestImages.random(EIGHT, 1);
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom rng = new SplittableRandom(seed);
            double rows = 1.5 * (2 * rng.nextDouble() - 1);
            double columns = 1.5 * (2 * rng.nextDouble() - 1);
            assertThat(Math.abs(rows)).isLessThanOrEqualTo(1.5);
            assertThat(run(new RandomShift(1.5).withFill(2), src, EIGHT, seed)).containsExactly(Affine.translation(rows, columns).resampled(src, EIGHT, 2));
        }
    }

    @Test
    void wholePixelShiftsTakeEachIntegerOffsetEquallyOften() {
        // a single lit pixel in the middle of a 9×9 image shows where the content went
        ImageShape nine = ImageShape.square(9);
        double[] dot = new double[81];
        dot[4 * 9 + 4] = 1;
        int[][] counts = new int[5][5];
        SplittableRandom rng = new SplittableRandom(3);
        int draws = 5000;
        RandomShift shift = new RandomShift(2).withWholePixels();
        for (int i = 0; i < draws; i++) {
            double[] out = new double[81];
            shift.apply(dot, out, nine, rng);
            int lit = -1;
            for (int p = 0; p < 81; p++) {
                if (out[p] != 0) {
                    assertThat(out[p]).isEqualTo(1); // integer shifts never blur
                    assertThat(lit).isEqualTo(-1);
                    lit = p;
                }
            }
            counts[lit / 9 - 4 + 2][lit % 9 - 4 + 2]++;
        }
        double p = 1.0 / 25;
        double fourSe = 4 * Math.sqrt(p * (1 - p) / draws);
        for (int[] row : counts) {
            for (int c : row) {
                assertThat((double) c / draws).isCloseTo(p, within(fourSe));
            }
        }
    }

    @Test
    void randomRotationDrawsAnAngleUniformlyInMinusMaxToMaxDegrees() {
        double[] src = TestImages.random(EIGHT, 2);
        for (long seed = 0; seed < 20; seed++) {
            double degrees = 10 * (2 * new SplittableRandom(seed).nextDouble() - 1);
            assertThat(run(new RandomRotation(10), src, EIGHT, seed)).containsExactly(Affine.rotation(EIGHT, degrees).resampled(src, EIGHT, 0));
        }
    }

    @Test
    void randomZoomDrawsAScaleUniformlyInMinToMax() {
        double[] src = TestImages.random(EIGHT, 3);
        for (long seed = 0; seed < 20; seed++) {
            double scale = 0.9 + (1.2 - 0.9) * new SplittableRandom(seed).nextDouble();
            assertThat(run(new RandomZoom(0.9, 1.2, 1), src, EIGHT, seed)).containsExactly(Affine.zoom(EIGHT, scale).resampled(src, EIGHT, 1));
        }
    }

    @Test
    void zeroSettingsAreExactIdentities() {
        double[] src = TestImages.random(EIGHT, 4);
        assertThat(run(new RandomShift(0), src, EIGHT, 1)).containsExactly(src);
        assertThat(run(new RandomShift(0).withWholePixels(), src, EIGHT, 1)).containsExactly(src);
        assertThat(run(new RandomRotation(0), src, EIGHT, 1)).containsExactly(src);
        assertThat(run(new RandomZoom(1, 1), src, EIGHT, 1)).containsExactly(src);
        assertThat(run(new ElasticDistortion(0, 1.5), src, EIGHT, 1)).containsExactly(src);
        assertThat(run(new AdditiveNoise(0), src, EIGHT, 1)).containsExactly(src);
        double[] batch = src.clone();
        Augmentations.compose(EIGHT, new RandomShift(0), new RandomRotation(0), new RandomZoom(1, 1), new ElasticDistortion(0, 2), new AdditiveNoise(0))
                .augment(batch, 1, 64, new SplittableRandom(9));
        assertThat(batch).containsExactly(src);
    }

    @Test
    void additiveNoiseHasTheStatedStandardDeviationWithinFourStandardErrors() {
        double std = 0.5;
        ImageShape mnist = ImageShape.square(28);
        double[] src = TestImages.random(mnist, 5);
        SplittableRandom rng = new SplittableRandom(6);
        AdditiveNoise noise = new AdditiveNoise(std);
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int image = 0; image < 50; image++) {
            double[] out = new double[mnist.pixels()];
            noise.apply(src, out, mnist, rng);
            for (int i = 0; i < out.length; i++) {
                double e = out[i] - src[i];
                sum += e;
                sumSq += e * e;
                n++;
            }
        }
        double mean = sum / n;
        double sampleStd = Math.sqrt((sumSq - n * mean * mean) / (n - 1));
        assertThat(mean).isCloseTo(0, within(4 * std / Math.sqrt(n)));                // SE of the mean σ/√n
        assertThat(sampleStd).isCloseTo(std, within(4 * std / Math.sqrt(2.0 * (n - 1)))); // SE of the std of a normal sample ≈ σ/√(2(n−1))
    }

    @Test
    void clippedNoiseStaysInRangeAndClipsExactlyToTheBounds() {
        double[] zeros = new double[64];
        double[] out = run(new AdditiveNoise(3).clippedTo(0, 16), zeros, EIGHT, 7);
        int atZero = 0;
        for (double v : out) {
            assertThat(v).isBetween(0.0, 16.0);
            atZero += v == 0 ? 1 : 0;
        }
        assertThat(atZero).isBetween(16, 48); // half the draws are negative; 64 of them: 32 ± 4·4
    }

    @Test
    void theSameSeedGivesTheSameOutputAndAnotherSeedAnotherOne() {
        double[] src = TestImages.random(EIGHT, 8);
        ImageTransform[] all = {new RandomShift(1.5), new RandomShift(2).withWholePixels(), new RandomRotation(15), new RandomZoom(0.8, 1.2),
                new ElasticDistortion(8, 1.5), new AdditiveNoise(0.7)};
        for (ImageTransform t : all) {
            assertThat(run(t, src, EIGHT, 42)).as(t.toString()).containsExactly(run(t, src, EIGHT, 42));
            assertThat(run(t, src, EIGHT, 42)).as(t.toString()).isNotEqualTo(run(t, src, EIGHT, 43));
            assertThat(run(t, src, EIGHT, 42)).as(t.toString()).isNotEqualTo(src);
        }
    }
}
