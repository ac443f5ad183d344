package dev.myelin.data.augment;

import java.util.SplittableRandom;

/**
 * Transforms training samples in place on the host, after a mini-batch is gathered and before it is
 * sent to the device. The trainer hands every batch a generator seeded from (run seed, step), so
 * augmented training is as reproducible as plain training.
 *
 * <p>The bundled implementations hold only their settings and take randomness from the caller's generator, so
 * one instance may serve several threads.
 */
@FunctionalInterface
public interface Augmenter {

    /** Augments rows {@code [0, rows)} of {@code features} (row-major {@code [rows, featureCount]}) with draws from {@code rng}. */
    void augment(double[] features, int rows, int featureCount, SplittableRandom rng);
}
