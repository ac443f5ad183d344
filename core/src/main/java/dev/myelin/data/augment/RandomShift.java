package dev.myelin.data.augment;

import dev.myelin.util.ArgumentChecks;

import java.util.SplittableRandom;

/**
 * Moves the image content by a random offset per axis, drawn independently and uniformly in
 * {@code [−maxPixels, maxPixels]} (rows first, then columns): any real offset, resampled
 * bilinearly, or with {@link #withWholePixels()} an integer offset, each of the {@code 2·maxPixels + 1}
 * values equally likely, which moves pixels without blurring. Uncovered pixels take {@code fill}.
 *
 * <p>Immutable and thread-safe: randomness comes from the generator the caller passes in.
 *
 * @param maxPixels   largest offset per axis in pixels, finite and ≥ 0 (an integer for whole-pixel shifts); e.g. 1–2 for 8×8 digits, 2–3 for 28×28 MNIST
 * @param wholePixels whether offsets are integers (default false)
 * @param fill        value of pixels shifted in from outside the image (default 0)
 */
public record RandomShift(double maxPixels, boolean wholePixels, double fill) implements ImageTransform {
    /** Checks the settings. */
    public RandomShift {
        ArgumentChecks.nonNegative("shift maxPixels", maxPixels);
        if (wholePixels && (maxPixels != Math.rint(maxPixels) || maxPixels > 1 << 20)) {
            throw new IllegalArgumentException("whole-pixel shift maxPixels must be an integer in [0, 1048576], got " + maxPixels);
        }
        ArgumentChecks.finite("shift fill", fill);
    }

    /** Real-valued offsets up to {@code maxPixels}, fill 0. */
    public RandomShift(double maxPixels) {
        this(maxPixels, false, 0);
    }

    /** The same with integer offsets only. */
    public RandomShift withWholePixels() {
        return new RandomShift(maxPixels, true, fill);
    }

    /** The same with {@code fill} for uncovered pixels. */
    public RandomShift withFill(double fill) {
        return new RandomShift(maxPixels, wholePixels, fill);
    }

    @Override
    public void apply(double[] src, double[] dst, ImageShape shape, SplittableRandom rng) {
        double rows;
        double columns;
        if (wholePixels) {
            int span = 2 * (int) maxPixels + 1;
            rows = rng.nextInt(span) - maxPixels;
            columns = rng.nextInt(span) - maxPixels;
        } else {
            rows = Images.symmetric(rng, maxPixels);
            columns = Images.symmetric(rng, maxPixels);
        }
        Affine.translation(rows, columns).apply(src, dst, shape, fill);
    }
}
