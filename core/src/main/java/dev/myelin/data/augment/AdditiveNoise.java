package dev.myelin.data.augment;

import dev.myelin.util.ArgumentChecks;

import java.util.SplittableRandom;

/**
 * Adds independent Gaussian noise of mean 0 and standard deviation {@code std} to every pixel, then
 * clips to {@code [min, max]} (default no clipping: {@code (−∞, +∞)}). The noise is in the units of the
 * pixels the transform sees (grey levels, e.g. 0..16 for the embedded digits, when wrapped by
 * {@link Augmentations#inPixelUnits}).
 *
 * <p>Immutable and thread-safe: randomness comes from the generator the caller passes in.
 *
 * @param std standard deviation, finite and ≥ 0
 * @param min lower clip bound, not NaN (may be −∞)
 * @param max upper clip bound, not NaN, {@code > min} (may be +∞)
 */
public record AdditiveNoise(double std, double min, double max) implements ImageTransform {
    /** Checks the settings. */
    public AdditiveNoise {
        ArgumentChecks.nonNegative("noise std", std);
        if (Double.isNaN(min) || Double.isNaN(max) || !(min < max)) {
            throw new IllegalArgumentException("noise clip range needs min < max, got [" + min + ", " + max + "]");
        }
    }

    /** Unclipped noise of standard deviation {@code std}. */
    public AdditiveNoise(double std) {
        this(std, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** The same noise, then clipped to {@code [min, max]}, e.g. {@code [0, 16]} for the digits' grey levels. */
    public AdditiveNoise clippedTo(double min, double max) {
        return new AdditiveNoise(std, min, max);
    }

    @Override
    public void apply(double[] src, double[] dst, ImageShape shape, SplittableRandom rng) {
        int n = shape.pixels();
        for (int i = 0; i < n; i++) {
            double v = src[i] + std * rng.nextGaussian();
            dst[i] = Math.min(max, Math.max(min, v));
        }
    }
}
