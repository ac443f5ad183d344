package dev.myelin.data.augment;

import dev.myelin.util.ArgumentChecks;

import java.util.SplittableRandom;

/**
 * Rotates the image about its centre by an angle drawn uniformly in {@code [−maxDegrees, maxDegrees]}
 * (positive: counter-clockwise as displayed), resampled bilinearly; corners uncovered by the rotated
 * image take {@code fill}. See {@link Affine#rotation}.
 *
 * <p>Immutable and thread-safe: randomness comes from the generator the caller passes in.
 *
 * @param maxDegrees largest angle in degrees, in {@code [0, 180]}; "small rotations" are 5–15°
 * @param fill       value of uncovered pixels (default 0)
 */
public record RandomRotation(double maxDegrees, double fill) implements ImageTransform {
    /** Checks the settings. */
    public RandomRotation {
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("rotation maxDegrees must be in [0, 180], got " + maxDegrees);
        }
        ArgumentChecks.finite("rotation fill", fill);
    }

    /** Angles up to {@code maxDegrees}, fill 0. */
    public RandomRotation(double maxDegrees) {
        this(maxDegrees, 0);
    }

    /** The same with {@code fill} for uncovered pixels. */
    public RandomRotation withFill(double fill) {
        return new RandomRotation(maxDegrees, fill);
    }

    @Override
    public void apply(double[] src, double[] dst, ImageShape shape, SplittableRandom rng) {
        Affine.rotation(shape, Images.symmetric(rng, maxDegrees)).apply(src, dst, shape, fill);
    }
}
