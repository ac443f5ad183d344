package dev.myelin.data.augment;

import dev.myelin.util.ArgumentChecks;

import java.util.SplittableRandom;

/**
 * Elastic distortion (Simard, Steinkraus &amp; Platt, ICDAR 2003): two random displacement fields, one
 * per axis, each pixel uniform in {@code [−1, 1]}, are smoothed by a {@link GaussianFilter Gaussian}
 * of standard deviation {@code sigma} and scaled by {@code alpha}; the image is then
 * {@link DisplacementWarp warped} by them with bilinear interpolation, {@code fill} beyond the edges.
 *
 * <p>Small {@code sigma} gives nearly random, large displacements (noise); large {@code sigma} gives a
 * smooth field whose magnitude shrinks like {@code alpha / σ} (the smoothing averages the uniform
 * draws). Simard et al. used {@code alpha = 34, sigma = 4} on 28×28 MNIST; for 8×8 digits a comparable
 * setting is {@code alpha ≈ 8, sigma ≈ 1.5}.
 *
 * <p>Immutable and thread-safe: randomness comes from the generator the caller passes in.
 *
 * @param alpha scale of the displacements in pixels, finite and ≥ 0 (0 is the identity)
 * @param sigma smoothing standard deviation in pixels, finite and {@code > 0}
 * @param fill  value sampled beyond the image's edges (default 0)
 */
public record ElasticDistortion(double alpha, double sigma, double fill) implements ImageTransform {
    /** Checks the settings. */
    public ElasticDistortion {
        ArgumentChecks.nonNegative("elastic alpha (pixels)", alpha);
        ArgumentChecks.inOpenClosedRange("elastic sigma (pixels)", sigma, 0, 1 << 16);
        ArgumentChecks.finite("elastic fill", fill);
    }

    /** Distortion with fill 0. */
    public ElasticDistortion(double alpha, double sigma) {
        this(alpha, sigma, 0);
    }

    /** The same with {@code fill} beyond the edges. */
    public ElasticDistortion withFill(double fill) {
        return new ElasticDistortion(alpha, sigma, fill);
    }

    /**
     * Draws one displacement field: {@code {dRow, dColumn}}, each {@code [shape.pixels()]} in pixels. The
     * uniform draws come from {@code rng} in order: every pixel's row displacement, then every column displacement.
     */
    public double[][] field(ImageShape shape, SplittableRandom rng) {
        int n = shape.pixels();
        double[] dRow = new double[n];
        double[] dColumn = new double[n];
        for (int i = 0; i < n; i++) {
            dRow[i] = Images.symmetric(rng, 1);
        }
        for (int i = 0; i < n; i++) {
            dColumn[i] = Images.symmetric(rng, 1);
        }
        return scaled(shape, dRow, dColumn);
    }

    /** {@code alpha · G_σ * u} for both raw fields {@code u} (values in [−1, 1]): the deterministic part of {@link #field}. */
    public double[][] scaled(ImageShape shape, double[] rawRow, double[] rawColumn) {
        double[] dRow = GaussianFilter.smooth(rawRow, shape, sigma);
        double[] dColumn = GaussianFilter.smooth(rawColumn, shape, sigma);
        for (int i = 0; i < dRow.length; i++) {
            dRow[i] *= alpha;
            dColumn[i] *= alpha;
        }
        return new double[][] {dRow, dColumn};
    }

    @Override
    public void apply(double[] src, double[] dst, ImageShape shape, SplittableRandom rng) {
        double[][] d = field(shape, rng);
        DisplacementWarp.apply(src, dst, shape, d[0], d[1], fill);
    }
}
