package dev.myelin.spark;

import dev.myelin.tune.Direction;
import dev.myelin.tune.Objective;
import dev.myelin.tune.SearchResults;
import dev.myelin.tune.SearchSpace;
import dev.myelin.tune.Strategy;
import dev.myelin.tune.TrialConfig;
import dev.myelin.tune.TrialResult;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hyperparameter search whose trials are Spark tasks, one trial per task: each executor trains its trial on a backend
 * it opens itself (the objective opens it through the device manager, so a GPU executor trains on CUDA) with
 * {@code spark.task.cpus} CPU threads. The driver gathers the results into the same {@link SearchResults} (table, CSV,
 * JSON, report) a local {@link dev.myelin.tune.Search} gives: for the same objective, space, strategy and seed, the same
 * trials with the same scores and epochs.
 *
 * <p>Grid and random search only: ASHA promotes trials between rungs while they run, which needs the trials to talk to
 * the search; on Spark every trial trains its full budget. Stateless; thread-safe.
 */
public final class SparkSearch {
    private SparkSearch() {
    }

    /**
     * Runs every trial of {@code strategy.plan(space, seed)} on {@code spark} and returns the results, best first;
     * {@code listener} (may be null) sees each result on the driver once all have ended, in trial order.
     *
     * @throws IllegalArgumentException for ASHA or an objective that is not {@link Serializable}
     */
    public static SearchResults run(JavaSparkContext spark, SearchSpace space, Strategy strategy, Objective objective, Direction direction,
                                    int maxEpochs, long seed, Consumer<TrialResult> listener) {
        if (strategy instanceof Strategy.Asha) {
            throw new IllegalArgumentException("ASHA promotes trials between rungs while they train, which Spark tasks cannot do: with Spark use"
                    + " --strategy grid or random");
        }
        if (!(objective instanceof Serializable)) {
            throw new IllegalArgumentException("the objective " + objective.getClass().getName() + " is not Serializable: Spark must send it to"
                    + " the executors");
        }
        List<TrialOutcome> planned = new ArrayList<>();
        for (TrialConfig c : strategy.plan(space, seed)) {
            planned.add(new TrialOutcome(c.id(), new LinkedHashMap<>(c.params()), "", Double.NaN, 0, 0, ""));
        }
        int threads = spark.getConf().getInt("spark.task.cpus", 1);
        List<TrialOutcome> outcomes = new ArrayList<>(spark.parallelize(planned, Math.max(1, planned.size()))
                .map(new TrialTask(objective, maxEpochs, seed, threads)).collect());
        outcomes.sort(Comparator.comparingInt(TrialOutcome::id));
        List<TrialResult> results = new ArrayList<>();
        for (TrialOutcome o : outcomes) {
            TrialResult r = o.toResult();
            results.add(r);
            if (listener != null) {
                listener.accept(r);
            }
        }
        return new SearchResults(results, direction, maxEpochs);
    }
}
