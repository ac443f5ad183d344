package dev.myelin.tune;

/** What a running trial knows of its search, and how it reports progress. One per trial; used by the trial's own thread. */
public interface TrialContext {

    /** CPU threads this trial may use: the machine's cores divided by the search's workers (at least 1). */
    int threads();

    /** The epoch budget of a trial that is never pruned. */
    int maxEpochs();

    /** The search's seed, the same for every trial, so that trials differ only by their settings. */
    long seed();

    /**
     * Reports the score after {@code epoch} epochs (1-based). Returns true to train on, false when the trial is pruned (it
     * should then return its score at once). Under successive halving this call waits at a rung until the trial is
     * promoted or pruned.
     */
    boolean report(int epoch, double score);
}
