package dev.myelin.backend;

/**
 * Settings a backend is opened with.
 *
 * <p>Immutable and thread-safe.
 *
 * @param threads number of worker threads for a CPU backend; 0 means one per available core
 */
public record BackendOptions(int threads) {

    /** Defaults: all cores. */
    public static BackendOptions defaults() {
        return new BackendOptions(0);
    }

    public BackendOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = one per core), got " + threads);
        }
    }

    /** The thread count to use on this machine. */
    public int resolvedThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
