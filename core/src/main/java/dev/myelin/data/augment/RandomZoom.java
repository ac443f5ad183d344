package dev.myelin.data.augment;

import dev.myelin.util.ArgumentChecks;

import java.util.SplittableRandom;

/**
 * Scales the image about its centre by a factor drawn uniformly in {@code [minScale, maxScale]}, the
 * same for both axes, resampled bilinearly: above 1 enlarges the content (its edges leave the frame),
 * below 1 shrinks it (the border takes {@code fill}). See {@link Affine#zoom}.
 *
 * <p>Immutable and thread-safe: randomness comes from the generator the caller passes in.
 *
 * @param minScale smallest factor, finite and {@code > 0}; e.g. 0.9
 * @param maxScale largest factor, finite and {@code ≥ minScale}; e.g. 1.1
 * @param fill     value of uncovered pixels (default 0)
 */
public record RandomZoom(double minScale, double maxScale, double fill) implements ImageTransform {
    /** Checks the settings. */
    public RandomZoom {
        ArgumentChecks.positive("zoom minScale", minScale);
        ArgumentChecks.atLeast("zoom maxScale (at least minScale)", maxScale, minScale);
        ArgumentChecks.finite("zoom fill", fill);
    }

    /** Factors in {@code [minScale, maxScale]}, fill 0. */
    public RandomZoom(double minScale, double maxScale) {
        this(minScale, maxScale, 0);
    }

    /** The same with {@code fill} for uncovered pixels. */
    public RandomZoom withFill(double fill) {
        return new RandomZoom(minScale, maxScale, fill);
    }

    @Override
    public void apply(double[] src, double[] dst, ImageShape shape, SplittableRandom rng) {
        double scale = minScale + (maxScale - minScale) * rng.nextDouble();
        Affine.zoom(shape, scale).apply(src, dst, shape, fill);
    }
}
