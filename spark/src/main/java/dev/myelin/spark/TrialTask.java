package dev.myelin.spark;

import dev.myelin.tune.BudgetedTrialContext;
import dev.myelin.tune.Objective;
import dev.myelin.tune.TrialConfig;
import dev.myelin.tune.TrialContext;
import dev.myelin.tune.TrialStatus;
import org.apache.spark.api.java.function.Function;

import java.util.LinkedHashMap;

/**
 * One search trial as a Spark task: runs the objective on the executor (which opens its own backend there) with the
 * search's seed and epoch budget and {@code threads} CPU threads, and records its status as a local search does: a
 * finite score is complete, a non-finite one diverged, an exception failed (the search goes on).
 *
 * @param objective what a trial runs (serialisable: Spark sends it to the executors)
 * @param maxEpochs the epoch budget of a trial
 * @param seed      the search's seed
 * @param threads   CPU threads of the trial's backend
 */
record TrialTask(Objective objective, int maxEpochs, long seed, int threads) implements Function<TrialOutcome, TrialOutcome> {

    @Override
    public TrialOutcome call(TrialOutcome planned) {
        long start = System.nanoTime();
        Progress progress = new Progress();
        TrialStatus status;
        double score = Double.NaN;
        String message = "";
        try {
            TrialContext context = new BudgetedTrialContext(threads, maxEpochs, seed, progress::report);
            score = objective.run(new TrialConfig(planned.id(), planned.params()), context);
            status = TrialStatus.ofFinalScore(score);
            message = status == TrialStatus.DIVERGED ? TrialStatus.divergedMessage(score) : "";
        } catch (Exception | Error e) {
            status = TrialStatus.FAILED;
            message = TrialStatus.failedMessage(e);
        }
        return new TrialOutcome(planned.id(), new LinkedHashMap<>(planned.params()), status.name(), status.scored() ? score : Double.NaN,
                progress.epochs, (System.nanoTime() - start) / 1e9, message);
    }

    /** The trial's reports: never prunes; remembers the last epoch reported. */
    private static final class Progress {
        int epochs;

        boolean report(int epoch, double score) {
            epochs = epoch;
            return Double.isFinite(score);
        }
    }
}
