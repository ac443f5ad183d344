package dev.myelin.train;

/**
 * Told how far a long piece of work has got, e.g. parameters checked by the gradient checker. Called from the thread
 * doing the work, often (once per unit): implementations must be cheap and decide themselves how often to show anything.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores every report. */
    ProgressListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} units finished (0 ≤ done ≤ total). */
    void progress(long done, long total);
}
