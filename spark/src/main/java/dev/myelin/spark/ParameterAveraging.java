package dev.myelin.spark;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import dev.myelin.train.Evaluator;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.util.ArgumentChecks;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Data-parallel training by synchronous parameter averaging. The training set is an RDD of one {@link Dataset} per
 * partition ({@link DataPartitions}), cached on the executors. Each round the driver broadcasts the parameters, the
 * model state and the optimiser state; every partition trains K mini-batches of its own rows from there
 * ({@link PartitionTraining}); the driver averages parameters and states with {@code treeAggregate} and starts the next
 * round. Only parameters and states travel, never the data.
 *
 * <p>An epoch is the steps per epoch of the largest partition, S = ⌈rows / batch size⌉; rounds never cross an epoch's
 * end (a round has min(K, steps left in the epoch) mini-batches; K ≥ S means one round per epoch). After each epoch the
 * driver evaluates the averaged model on the validation set, applies early stopping and writes checkpoints (model
 * files).
 *
 * <p>With one partition the run equals {@code recipe.create().build().fit(model, train, validation)} on one machine
 * bit for bit, for any K (same backend, dtype and thread count): the partition continues one run through exact
 * resumes. With P partitions partition p shuffles and draws dropout masks with the run's seed plus p; a run with the
 * same partitions and seed is repeatable.
 *
 * <p>Defaults: K = S, the {@code auto} backend on the executors with 1 CPU thread per task, no early stopping, no
 * checkpoints, a {@code treeAggregate} depth of 2. Not thread-safe: one {@link #fit} at a time.
 */
public final class ParameterAveraging {
    private final TrainerRecipe recipe;
    private final int stepsPerRound;
    private final String backend;
    private final int threadsPerTask;
    private final String monitor;
    private final int patience;
    private final Path checkpointDir;
    private final int treeDepth;
    private final Consumer<String> log;

    private ParameterAveraging(Builder b) {
        this.recipe = b.recipe;
        this.stepsPerRound = b.stepsPerRound;
        this.backend = b.backend;
        this.threadsPerTask = b.threadsPerTask;
        this.monitor = b.monitor;
        this.patience = b.patience;
        this.checkpointDir = b.checkpointDir;
        this.treeDepth = b.treeDepth;
        this.log = b.log;
    }

    public static Builder builder(TrainerRecipe recipe) {
        return new Builder(recipe);
    }

    /**
     * Trains {@code model} (the driver's copy: its parameters start the run and receive the result) on {@code partitions}
     * for the recipe's epochs, evaluating on {@code validation} (may be null) after each epoch.
     *
     * @throws IllegalArgumentException when the settings cannot run (e.g. early stopping without a validation set)
     * @throws IllegalStateException    when a partition failed (its message says why, e.g. the loss became NaN)
     */
    public AveragingResult fit(JavaSparkContext spark, Model model, JavaRDD<Dataset> partitions, Dataset validation) {
        if (patience > 0 && validation == null) {
            throw new IllegalArgumentException("early stopping on " + monitor + " needs a validation set");
        }
        Trainer settings = recipe.create().build();
        List<Integer> sizes = partitions.map(Dataset::size).collect();
        int stepsPerEpoch = sizes.stream().mapToInt(n -> (n + settings.batchSize() - 1) / settings.batchSize()).max()
                .orElseThrow(() -> new IllegalArgumentException("the training RDD has no partitions"));
        int k = stepsPerRound == 0 ? stepsPerEpoch : Math.min(stepsPerRound, stepsPerEpoch);
        long totalSteps = (long) settings.epochs() * stepsPerEpoch;
        log.accept(String.format(Locale.ROOT, "parameter averaging: %d partitions %s, %d steps per epoch, %d per round, %d epochs",
                sizes.size(), sizes, stepsPerEpoch, k, settings.epochs()));
        Backend driver = model.backend();
        History history = new History();
        List<RoundCost> costs = new ArrayList<>();
        RoundInput in = new RoundInput(model.parametersToHost(), modelState(model), new double[0], 0, new HashMap<>(), 0);
        Best best = new Best();
        int round = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            double lossSum = 0;
            int lossCount = 0;
            for (int done = 0; done < stepsPerEpoch; done += in.steps()) {
                in = in.withSteps(Math.min(k, stepsPerEpoch - done));
                long start = System.nanoTime();
                Broadcast<RoundInput> shared = spark.broadcast(in);
                RoundResult result = partitions.mapPartitionsWithIndex(PartitionTraining.of(model.spec(), recipe, backend, model.dtype(),
                        threadsPerTask, totalSteps, shared), true).treeAggregate(RoundResult.empty(), RoundResult::plus, RoundResult::plus, treeDepth);
                shared.destroy();
                if (result.partitions() != sizes.size()) {
                    throw new IllegalStateException("round " + round + ": " + result.partitions() + " of " + sizes.size() + " partitions answered");
                }
                costs.add(new RoundCost(round++, epoch, in.steps(), (System.nanoTime() - start) / 1e9, result.slowestSeconds(), in.bytes()));
                lossSum += result.lossSum();
                lossCount += result.lossCount();
                int steps = in.steps();
                in = result.average().withSteps(steps);
            }
            load(model, in);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", lossCount == 0 ? Double.NaN : lossSum / lossCount);
            if (validation != null) {
                // the batch size of the trainer's own validation pass, so that one partition's history is the single machine's
                metrics.putAll(Evaluator.evaluate(model, validation, Math.max(settings.batchSize(), Evaluator.DEFAULT_BATCH_SIZE))
                        .asValidationMetrics(validation.isClassification()));
            }
            history.record(metrics);
            log.accept(String.format(Locale.ROOT, "epoch %d: %s", epoch + 1, describe(metrics)));
            boolean improved = best.offer(epoch, metrics.get(monitor), in);
            checkpoint(model, improved);
            if (patience > 0 && epoch - best.epoch >= patience) {
                load(model, best.input);
                history.stopped("early stopping: " + monitor + " did not improve for " + patience + " epochs; restored epoch " + (best.epoch + 1));
                break;
            }
        }
        return new AveragingResult(history, costs);
    }

    private void checkpoint(Model model, boolean improved) {
        if (checkpointDir == null) {
            return;
        }
        try {
            Files.createDirectories(checkpointDir);
            model.save(checkpointDir.resolve("last.myelin"));
            if (improved) {
                model.save(checkpointDir.resolve("best.myelin"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in " + checkpointDir + ": " + e.getMessage(), e);
        }
    }

    /** The best epoch so far by the monitored metric, and the round input (parameters, states) it ended with. */
    private final class Best {
        int epoch = -1;
        double value = Double.NaN;
        RoundInput input;

        /** True when {@code epoch}'s value is the best so far (every epoch is, without a monitored value). */
        boolean offer(int epoch, Double candidate, RoundInput reached) {
            boolean lower = monitor.contains("loss") || monitor.contains("mse") || monitor.contains("mae");
            boolean better = candidate == null || input == null || (lower ? candidate < value : candidate > value);
            if (better) {
                this.epoch = epoch;
                this.value = candidate == null ? Double.NaN : candidate;
                this.input = reached;
            }
            return better;
        }
    }

    private static double[] modelState(Model model) {
        double[] state = new double[model.stateSize()];
        if (state.length > 0) {
            try (Tensor t = model.backend().allocate(1, state.length)) {
                model.copyStateTo(t);
                model.backend().download(t, state, 0);
            }
        }
        return state;
    }

    private static void load(Model model, RoundInput in) {
        model.setParameters(in.parameters());
        if (in.modelState().length > 0) {
            try (Tensor t = model.backend().allocate(1, in.modelState().length)) {
                model.backend().upload(in.modelState(), 0, t);
                model.copyStateFrom(t);
            }
        }
    }

    private static String describe(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((name, value) -> sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", value)));
        return sb.toString();
    }

    /** Settings of a {@link ParameterAveraging}; the defaults are those of the class. */
    public static final class Builder {
        private final TrainerRecipe recipe;
        private int stepsPerRound;
        private String backend = "auto";
        private int threadsPerTask = 1;
        private String monitor = "val_loss";
        private int patience;
        private Path checkpointDir;
        private int treeDepth = 2;
        private Consumer<String> log = line -> { };

        private Builder(TrainerRecipe recipe) {
            this.recipe = Objects.requireNonNull(recipe, "recipe");
        }

        /** K: mini-batches each partition trains between two averagings (0, the default: one epoch). */
        public Builder stepsPerRound(int k) {
            ArgumentChecks.atLeast("steps per round (0 for one epoch)", k, 0);
            this.stepsPerRound = k;
            return this;
        }

        /** The executors' backend: {@code auto} (CUDA where a GPU is usable, else CPU), {@code cpu} or {@code cuda}. */
        public Builder backend(String backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** CPU threads of each task's backend; match it to {@code spark.task.cpus}. */
        public Builder threadsPerTask(int threads) {
            ArgumentChecks.atLeast("threads per task", threads, 1);
            this.threadsPerTask = threads;
            return this;
        }

        /**
         * Stops when {@code metric} (a validation metric: {@code val_loss}, {@code val_accuracy}, ...) has not improved for
         * {@code patience} epochs, and restores the best epoch's parameters; a patience of 0 turns it off.
         */
        public Builder earlyStopping(String metric, int patience) {
            ArgumentChecks.atLeast("patience", patience, 0);
            this.monitor = Objects.requireNonNull(metric, "metric");
            this.patience = patience;
            return this;
        }

        /** Writes {@code last.myelin} after every epoch and {@code best.myelin} on a new best of the monitored metric. */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /** Depth of {@code treeAggregate} (2: partial sums on the executors, then on the driver). */
        public Builder treeDepth(int depth) {
            ArgumentChecks.atLeast("tree depth", depth, 1);
            this.treeDepth = depth;
            return this;
        }

        /** Receives one line per epoch (and one at the start). */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        public ParameterAveraging build() {
            return new ParameterAveraging(this);
        }
    }
}
