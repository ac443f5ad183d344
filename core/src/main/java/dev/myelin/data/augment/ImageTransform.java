package dev.myelin.data.augment;

import java.util.SplittableRandom;

/**
 * One random transformation of a single-channel image, e.g. {@link RandomShift} or {@link AdditiveNoise}.
 * Implementations hold only their settings, so one instance may serve many threads.
 */
@FunctionalInterface
public interface ImageTransform {

    /**
     * Writes into {@code dst} a randomly transformed copy of {@code src}, drawing its random parameters
     * from {@code rng}. Both arrays hold at least {@code shape.pixels()} values (row-major) and are
     * different arrays; {@code src} is not modified.
     */
    void apply(double[] src, double[] dst, ImageShape shape, SplittableRandom rng);
}
