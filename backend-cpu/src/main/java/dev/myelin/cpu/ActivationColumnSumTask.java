package dev.myelin.cpu;

import dev.myelin.backend.Tensor;

/**
 * A dense layer's activation gradient and bias gradient in one pass over {@code [rows, cols]}: over ranges of
 * columns; for each row, the range's part of it gets its activation gradient (the backend's activation task, aimed
 * by the backend before {@link #runOn}) and is added, while in the cache, to per-column sums in double in row
 * order. The bias gradient is those sums rounded once: the bits of the activation gradient followed by column sums
 * with β = 0, for every thread count, without reading the gradient back from memory.
 *
 * <p>Not thread-safe: one call at a time (the owning backend is used by one thread at a time).
 */
final class ActivationColumnSumTask extends RangeTask {
    private final RangeTask activation;
    private final Elements gradZ = new Elements();
    private final Elements sums = new Elements();
    private int rows;
    private int cols;
    /** Per column, grown to the widest matrix seen; threads write disjoint ranges. */
    private double[] acc = new double[0];

    /** @param activation writes the activation gradient of a range of elements (row-major index) into gradZ */
    ActivationColumnSumTask(RangeTask activation) {
        this.activation = activation;
    }

    /** Aims at the gradient the activation task writes ({@code [rows, cols]}) and the sums ({@code [1, cols]}). */
    void aim(Tensor gradient, Tensor columnSums) {
        gradZ.at(gradient);
        sums.at(columnSums);
        rows = gradient.rows();
        cols = gradient.cols();
        if (acc.length < cols) {
            acc = new double[cols];
        }
    }

    @Override
    void range(int part, int from, int to) {
        java.util.Arrays.fill(acc, from, to, 0.0);
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            activation.range(part, base + from, base + to);
            for (int j = from; j < to; j++) {
                acc[j] += gradZ.get(base + j);
            }
        }
        for (int j = from; j < to; j++) {
            sums.set(j, acc[j]);
        }
    }
}
