package dev.myelin.data;

import dev.myelin.util.ArgumentChecks;

/**
 * The mini-batch ranges over one epoch's sample order: batch {@code b} covers positions
 * {@code [start(b), end(b))} of the permutation from {@link BatchOrder}.
 *
 * <p>By default the last, partial batch is kept ({@code n = 10, batchSize = 4} gives sizes
 * 4, 4, 2); with {@code dropLast} it is dropped (4, 4). A batch size of {@code n} is batch
 * gradient descent, 1 is stochastic gradient descent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sampleCount number of samples {@code n >= 1}
 * @param batchSize   samples per batch, {@code >= 1}; larger than {@code n} means one batch of {@code n}
 * @param dropLast    drop a last batch smaller than {@code batchSize} (default false)
 */
public record Batches(int sampleCount, int batchSize, boolean dropLast) {
    /** Checks the sizes and that at least one batch results. */
    public Batches {
        if (sampleCount < 1) {
            throw new IllegalArgumentException("cannot batch " + sampleCount + " samples; the data set is empty");
        }
        ArgumentChecks.atLeast("batch size", batchSize, 1);
        if (dropLast && batchSize > sampleCount) {
            throw new IllegalArgumentException("batch size " + batchSize + " with dropLast leaves no batch for "
                    + sampleCount + " samples; lower the batch size or keep the last batch");
        }
    }

    /** Batches keeping the last partial batch. */
    public static Batches of(int sampleCount, int batchSize) {
        return new Batches(sampleCount, batchSize, false);
    }

    /** Number of batches per epoch. */
    public int count() {
        return dropLast ? sampleCount / batchSize : (sampleCount + batchSize - 1) / batchSize;
    }

    /** First position (inclusive) of batch {@code b}. */
    public int start(int b) {
        java.util.Objects.checkIndex(b, count());
        return b * batchSize;
    }

    /** Last position (exclusive) of batch {@code b}. */
    public int end(int b) {
        return Math.min(start(b) + batchSize, sampleCount);
    }

    /** Number of samples in batch {@code b}. */
    public int size(int b) {
        return end(b) - start(b);
    }

    /** Number of samples visited per epoch (fewer than {@code n} when the last batch is dropped). */
    public int samplesPerEpoch() {
        return dropLast ? count() * batchSize : sampleCount;
    }
}
