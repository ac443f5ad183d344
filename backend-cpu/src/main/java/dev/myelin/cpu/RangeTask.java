package dev.myelin.cpu;

/**
 * Work over the indices {@code [0, n)} split into contiguous ranges, one per thread of a {@link WorkerPool}. Range
 * bounds are multiples of an alignment (a chunk of elements, or 1 for columns), so each index is computed by the
 * same code with the same operands whatever the thread count: results are bit-identical for every split. A
 * subclass keeps its operands in fields set before {@link #runOn}, so a call allocates nothing.
 *
 * <p>Not thread-safe: one call at a time (the owning backend is used by one thread at a time).
 */
abstract class RangeTask implements WorkerPool.Task {
    /** Below this many elements of work the caller's thread does everything. */
    static final long PARALLEL_MIN_WORK = 1L << 15;

    private int n;
    private int align;
    private int parts;

    /** Computes indices {@code [from, to)} on the thread that runs part {@code part}. */
    abstract void range(int part, int from, int to);

    /**
     * Runs {@link #range} over {@code [0, n)} on up to {@code pool.threads()} threads, with range bounds that are
     * multiples of {@code align}; on the caller alone when {@code work} (elements touched) is small.
     */
    final void runOn(WorkerPool pool, int n, int align, long work) {
        this.n = n;
        this.align = align;
        int units = (n + align - 1) / align;
        this.parts = work < PARALLEL_MIN_WORK ? 1 : Math.max(1, Math.min(pool.threads(), units));
        pool.run(this, parts);
    }

    @Override
    public final void run(int part) {
        int units = (n + align - 1) / align;
        int from = (int) Math.min(n, (long) part * units / parts * align);
        int to = (int) Math.min(n, (long) (part + 1) * units / parts * align);
        if (from < to) {
            range(part, from, to);
        }
    }
}
