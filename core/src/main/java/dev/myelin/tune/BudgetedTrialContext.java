package dev.myelin.tune;

/**
 * A {@link TrialContext} holding the search's budget for one trial (CPU threads, epoch budget, seed) and handing each
 * report to the search ({@code reports}). As every context: one per trial, used by the trial's thread.
 *
 * @param threads   CPU threads the trial may use, ≥ 1
 * @param maxEpochs the epoch budget of a trial that is never pruned
 * @param seed      the search's seed
 * @param reports   what the search does with a report: train on (true) or prune (false), as {@link TrialContext#report}
 */
public record BudgetedTrialContext(int threads, int maxEpochs, long seed, Reports reports) implements TrialContext {

    /** The search's side of {@link TrialContext#report}. */
    @FunctionalInterface
    public interface Reports {
        /** The score after {@code epoch} epochs (1-based); true to train on, false when the trial is pruned. */
        boolean report(int epoch, double score);
    }

    @Override
    public boolean report(int epoch, double score) {
        return reports.report(epoch, score);
    }
}
