package dev.myelin.data.augment;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Simard et al.'s elastic distortion: Gaussian kernel, smoothing, displacement warp and the bounds of the field. */
class ElasticDistortionTest {
    private static final ImageShape MNIST = ImageShape.square(28);

    @Test
    void theKernelIsTheNormalisedGaussianTruncatedAtFourSigma() {
        double[] k = GaussianFilter.kernel(1.0); // radius ⌊4·1 + 0.5⌋ = 4
        assertThat(k).hasSize(9);
        double z = 0;
        for (int i = -4; i <= 4; i++) {
            z += Math.exp(-0.5 * i * i);
        }
        for (int i = -4; i <= 4; i++) {
            assertThat(k[i + 4]).isCloseTo(Math.exp(-0.5 * i * i) / z, within(1e-16));
        }
        assertThat(GaussianFilter.kernel(0.1)).containsExactly(1.0); // radius ⌊0.9⌋ = 0
        assertThat(GaussianFilter.kernel(2.5)).hasSize(2 * 10 + 1);
    }

    @Test
    void smoothingADeltaGivesTheOuterProductOfTheKernelAndAConstantStaysConstantAwayFromTheEdges() {
        ImageShape shape = ImageShape.square(15);
        double[] delta = new double[shape.pixels()];
        delta[7 * 15 + 7] = 1;
        double[] k = GaussianFilter.kernel(1.5); // radius 6
        double[] out = GaussianFilter.smooth(delta, shape, 1.5);
        for (int r = 0; r < 15; r++) {
            for (int c = 0; c < 15; c++) {
                int dr = Math.abs(r - 7);
                int dc = Math.abs(c - 7);
                double expected = dr <= 6 && dc <= 6 ? k[6 + dr] * k[6 + dc] : 0;
                assertThat(out[r * 15 + c]).isCloseTo(expected, within(1e-17));
            }
        }
        double[] ones = new double[shape.pixels()];
        java.util.Arrays.fill(ones, 1);
        double[] smoothOnes = GaussianFilter.smooth(ones, shape, 1.0); // radius 4: rows/columns 4..10 see the whole kernel
        assertThat(smoothOnes[7 * 15 + 7]).isCloseTo(1, within(1e-15));
        assertThat(smoothOnes[4 * 15 + 10]).isCloseTo(1, within(1e-15));
        double edge = 0; // zeros beyond the edge: the corner keeps the part of the kernel inside, (Σ_{i≥0} k_i)²
        for (int i = 4; i < 9; i++) {
            edge += GaussianFilter.kernel(1.0)[i];
        }
        assertThat(smoothOnes[0]).isCloseTo(edge * edge, within(1e-15));
    }

    @Test
    void alphaZeroIsTheIdentity() {
        double[] src = TestImages.random(MNIST, 1);
        double[] dst = new double[MNIST.pixels()];
        new ElasticDistortion(0, 4).apply(src, dst, MNIST, new SplittableRandom(1));
        assertThat(dst).containsExactly(src);
    }

    @Test
    void aConstantDisplacementFieldIsAShift() {
        double[] src = TestImages.random(MNIST, 2);
        double[] dRow = new double[MNIST.pixels()];
        double[] dColumn = new double[MNIST.pixels()];
        java.util.Arrays.fill(dRow, -0.25);   // reading 0.25 rows above moves the content 0.25 rows down
        java.util.Arrays.fill(dColumn, 1.5);
        double[] warped = new double[MNIST.pixels()];
        DisplacementWarp.apply(src, warped, MNIST, dRow, dColumn, 0);
        double[] shifted = new double[MNIST.pixels()];
        Affine.translation(0.25, -1.5).apply(src, shifted, MNIST, 0);
        assertThat(warped).containsExactly(shifted, within(1e-13));
    }

    @Test
    void theFieldIsTheScaledSmoothedUniformDraw() {
        ElasticDistortion elastic = new ElasticDistortion(34, 4);
        double[][] field = elastic.field(MNIST, new SplittableRandom(7));
        SplittableRandom rng = new SplittableRandom(7);
        double[] rawRow = new double[MNIST.pixels()];
        double[] rawColumn = new double[MNIST.pixels()];
        for (int i = 0; i < rawRow.length; i++) {
            rawRow[i] = 2 * rng.nextDouble() - 1;
        }
        for (int i = 0; i < rawColumn.length; i++) {
            rawColumn[i] = 2 * rng.nextDouble() - 1;
        }
        double[] smoothRow = GaussianFilter.smooth(rawRow, MNIST, 4);
        for (int i = 0; i < rawRow.length; i++) {
            assertThat(field[0][i]).isEqualTo(34 * smoothRow[i]);
        }
        assertThat(field[1]).containsExactly(elastic.scaled(MNIST, rawRow, rawColumn)[1]);
    }

    /**
     * Hard bounds that hold for every draw: the weights of a smoothed pixel sum to at most 1 and the draws are in
     * [−1, 1], so |d| ≤ α; and two neighbouring pixels differ by at most α·TV(k), TV(k) = Σ|k_{i+1} − k_i| = 2·max k
     * (the kernel rises from 0 to its peak and falls back). With σ large the field is smooth: TV(k) ≈ 2/(√(2π)σ).
     * On average, d² ≤ α²/3 · (Σ k_i²)², the variance of a weighted sum of uniform draws (variance 1/3).
     */
    @Test
    void withLargeSigmaTheFieldIsSmoothAndSmallWithinTheStatedBounds() {
        double alpha = 34;
        double[] rms = new double[3];
        double[] roughness = new double[3];
        double[] sigmas = {0.5, 2, 8};
        for (int s = 0; s < sigmas.length; s++) {
            double sigma = sigmas[s];
            ElasticDistortion elastic = new ElasticDistortion(alpha, sigma);
            double[] k = GaussianFilter.kernel(sigma);
            double peak = k[k.length / 2];
            double sumSq = 0;
            for (double v : k) {
                sumSq += v * v;
            }
            double meanSquareBound = alpha * alpha / 3 * sumSq * sumSq;
            SplittableRandom rng = new SplittableRandom(11);
            double squares = 0;
            int count = 0;
            double stepSquares = 0;
            int steps = 0;
            for (int draw = 0; draw < 50; draw++) {
                double[][] field = elastic.field(MNIST, rng);
                for (double[] d : field) {
                    for (int r = 0; r < 28; r++) {
                        for (int c = 0; c < 28; c++) {
                            double v = d[r * 28 + c];
                            assertThat(Math.abs(v)).isLessThanOrEqualTo(alpha);
                            if (c + 1 < 28) {
                                double step = d[r * 28 + c + 1] - v;
                                assertThat(Math.abs(step)).isLessThanOrEqualTo(alpha * 2 * peak + 1e-12);
                                stepSquares += step * step;
                                steps++;
                            }
                            if (r + 1 < 28) {
                                assertThat(Math.abs(d[(r + 1) * 28 + c] - v)).isLessThanOrEqualTo(alpha * 2 * peak + 1e-12);
                            }
                            squares += v * v;
                            count++;
                        }
                    }
                }
            }
            rms[s] = Math.sqrt(squares / count);
            roughness[s] = Math.sqrt(stepSquares / steps) / rms[s];
            // zero padding only removes terms, so the bound holds at the edges too; 10% slack for sampling
            assertThat(squares / count).isLessThanOrEqualTo(1.1 * meanSquareBound);
        }
        assertThat(rms[0]).isGreaterThan(rms[1]);
        assertThat(rms[1]).isGreaterThan(rms[2]);
        assertThat(GaussianFilter.kernel(8)[32]).isCloseTo(1 / (Math.sqrt(2 * Math.PI) * 8), within(1e-4));
        // RMS step between neighbours relative to the RMS displacement: for a Gaussian-smoothed field about
        // sqrt(2(1 − exp(−1/(4σ²)))) ≈ 1/(√2·σ) for large σ (0.088 at σ = 8), about 1.1 for near-white noise (σ = 0.5)
        assertThat(roughness[2]).isLessThan(0.15);
        assertThat(roughness[0]).isGreaterThan(0.8);
    }
}
