package dev.myelin.data;

import java.util.SplittableRandom;

/**
 * The order in which an epoch visits the samples: a permutation of {@code [0, n)} per epoch.
 *
 * <p>With shuffling on, epoch {@code e} (0-based) uses a Fisher–Yates shuffle (see
 * {@link Shuffle}) drawn from {@code new SplittableRandom(seed ^ Shuffle.mix(e))}, so an epoch's
 * order depends only on (seed, epoch): a run resumed at epoch 7 sees the same order as an
 * uninterrupted one. With shuffling off every epoch is {@code 0, 1, ..., n-1}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param shuffle whether to shuffle (default for training: true)
 * @param seed    the run's seed; ignored when not shuffling
 */
public record BatchOrder(boolean shuffle, long seed) {
    /** Shuffled order with {@code seed}. */
    public static BatchOrder shuffled(long seed) {
        return new BatchOrder(true, seed);
    }

    /** The same natural order every epoch. */
    public static BatchOrder sequential() {
        return new BatchOrder(false, 0L);
    }

    /** The permutation {@code [n]} of sample indices for epoch {@code epoch >= 0}. */
    public int[] permutation(int n, long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        int[] order = Shuffle.identity(n);
        if (shuffle) {
            Shuffle.shuffleInPlace(order, new SplittableRandom(seed ^ Shuffle.mix(epoch)));
        }
        return order;
    }
}
