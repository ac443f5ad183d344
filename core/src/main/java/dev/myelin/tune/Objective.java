package dev.myelin.tune;

/**
 * Trains one trial and returns its score (e.g. validation accuracy). It should call {@link TrialContext#report} after every
 * epoch and stop training when that returns false (the search pruned the trial); it may throw to fail the trial, which the
 * search records and survives. Called from several threads at once, one trial per thread: it must not share mutable state
 * between trials (open one backend per trial with {@link TrialContext#threads()} threads).
 */
@FunctionalInterface
public interface Objective {

    /** Trains {@code config} for at most {@code context.maxEpochs()} epochs and returns the score; NaN or infinite means diverged. */
    double run(TrialConfig config, TrialContext context) throws Exception;
}
