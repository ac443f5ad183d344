package dev.myelin.tune;

/**
 * A {@link TrialContext} holding the search's budget for one trial (CPU threads, epoch budget, seed), fixed when the
 * trial starts; a search supplies only {@link #report}. As every context: one per trial, used by the trial's thread.
 */
public abstract class BudgetedTrialContext implements TrialContext {
    private final int threads;
    private final int maxEpochs;
    private final long seed;

    /** {@code threads} CPU threads (≥ 1), an epoch budget of {@code maxEpochs} and the search's {@code seed}. */
    protected BudgetedTrialContext(int threads, int maxEpochs, long seed) {
        this.threads = threads;
        this.maxEpochs = maxEpochs;
        this.seed = seed;
    }

    @Override
    public final int threads() {
        return threads;
    }

    @Override
    public final int maxEpochs() {
        return maxEpochs;
    }

    @Override
    public final long seed() {
        return seed;
    }
}
