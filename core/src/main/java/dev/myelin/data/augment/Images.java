package dev.myelin.data.augment;

import java.util.SplittableRandom;

/** Argument checks shared by the image transforms. */
final class Images {
    private Images() {
    }

    static void requireDistinct(double[] src, double[] dst) {
        if (src == dst) {
            throw new IllegalArgumentException("source and destination images must be different arrays (resampling reads the source while writing)");
        }
    }

    /** A uniform draw in {@code [−max, max]}. */
    static double symmetric(SplittableRandom rng, double max) {
        return max * (2 * rng.nextDouble() - 1);
    }
}
