package dev.myelin.cpu;

/**
 * A dense layer's bias add and activation in one pass over {@code [rows, cols]}: over ranges of rows, each range in
 * tiles of about {@link #TILE} elements; a tile gets the bias add (the backend's row-vector task) and then the
 * activation (its activation task) while it is still in the cache, so the pre-activation is read from memory once
 * instead of twice. Both tasks compute each element on its own, so the bits are those of the two separate calls,
 * for every thread count. The two tasks are aimed by the backend before {@link #runOn}.
 *
 * <p>Not thread-safe: one call at a time (the owning backend is used by one thread at a time).
 */
final class BiasActivationTask extends RangeTask {
    /** Elements per tile: a tile and its output fit in a core's L1/L2 cache. */
    static final int TILE = 4096;

    private final RangeTask rowVector;
    private final RangeTask activation;
    /** Row length of the matrix, set before each call. */
    int cols;

    /**
     * @param rowVector  adds the bias to a range of rows
     * @param activation applies the activation to a range of elements (row-major index)
     */
    BiasActivationTask(RangeTask rowVector, RangeTask activation) {
        this.rowVector = rowVector;
        this.activation = activation;
    }

    @Override
    void range(int part, int from, int to) {
        int tileRows = Math.max(1, TILE / Math.max(1, cols));
        for (int r = from; r < to; r += tileRows) {
            int end = Math.min(to, r + tileRows);
            rowVector.range(part, r, end);
            activation.range(part, r * cols, end * cols);
        }
    }
}
