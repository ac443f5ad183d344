package dev.myelin.train;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.data.BatchOrder;
import dev.myelin.data.Dataset;
import dev.myelin.data.Shuffle;
import dev.myelin.data.augment.Augmenter;
import dev.myelin.model.Model;
import dev.myelin.nn.Mode;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Updater;
import dev.myelin.schedule.Schedule;

import dev.myelin.util.ArgumentChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a model: epochs over mini-batches shuffled by seed, one optimiser step per batch, a
 * validation pass per epoch, callbacks, and a {@link History} of every metric per epoch.
 *
 * <p>Metrics per epoch: {@code loss} (mean over the epoch's batches, as they were trained),
 * {@code accuracy} for classifiers, {@code lr} (the rate of the epoch's last step) and, with a
 * validation set, {@code val_loss} plus {@code val_accuracy} or {@code val_mse}/{@code val_mae}/{@code val_r2}.
 *
 * <p>If the loss of a batch is NaN or infinite, that step and the following ones apply no update (decided on the device,
 * through the gradient scale every optimiser step reads) and the batch-norm running estimates their forward passes
 * changed are put back, so the model stays that of the last step with a finite loss; training stops at the next read
 * of the loss (every step on a backend in host memory, see {@link Builder#lossCheckInterval}), and
 * {@link History#stopReason()} says where it was seen.
 *
 * <p>Callbacks run in the order given, after a schedule that is also a callback (reduce-on-plateau);
 * they may add metrics to the epoch's map, which the history records after them.
 *
 * <p>Defaults: 10 epochs, batch size 32, seed 0, shuffling on, constant learning rate, no clipping.
 * Same seed, same backend, same thread count: bit-identical parameters.
 *
 * <p>A built trainer holds only its settings, but its callbacks and schedule may hold one run's state, so run
 * one {@link #fit} at a time per trainer; the model refuses a second concurrent trainer.
 */
public final class Trainer {
    /** Steps between reads of the running loss on a device backend, unless set. */
    public static final int DEVICE_LOSS_CHECK_INTERVAL = 50;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final List<Callback> callbacks;
    private final double clipValue;
    private final double clipNorm;
    private final Integer lossCheckInterval;
    private final Augmenter augmenter;
    private final Boolean residentData;

    private Trainer(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        List<Callback> all = new ArrayList<>();
        if (b.schedule instanceof Callback scheduleCallback) {
            all.add(scheduleCallback); // e.g. reduce-on-plateau: sees the epoch's metrics before anyone else acts on them
        }
        all.addAll(b.callbacks);
        this.callbacks = List.copyOf(all);
        this.clipValue = b.clipValue;
        this.clipNorm = b.clipNorm;
        this.lossCheckInterval = b.lossCheckInterval;
        this.augmenter = b.augmenter;
        this.residentData = b.residentData;
    }

    /** A builder with the defaults above; the optimiser must be given. */
    public static Builder builder() {
        return new Builder();
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Trains without a validation set. */
    public History fit(Model model, Dataset train) {
        return fit(model, train, null);
    }

    /**
     * Trains {@code model} on {@code train}, evaluating on {@code validation} (may be null) after every epoch. The model is
     * held for the whole run ({@link Model#beginTraining}): predictions and evaluations from other threads are refused meanwhile.
     */
    public History fit(Model model, Dataset train, Dataset validation) {
        return fit(model, train, validation, null);
    }

    /**
     * Continues a run from {@code from} (a {@link TrainingContext#snapshot()}, e.g. read from a checkpoint together with
     * {@code model}), or starts one when it is null: the optimiser state, counters, history, schedule and callback
     * states are put back, and the run goes on with the same batches, dropout masks and learning rates as if it had never
     * stopped, up to {@link #epochs()} epochs in all. Training N epochs, saving, loading and training to 2N gives the
     * same bits as training 2N epochs at once (same backend and thread count).
     *
     * @throws IllegalArgumentException when {@code from} was made with another seed, batch size or optimiser, or is
     *         beyond this trainer's epochs
     */
    public History fit(Model model, Dataset train, Dataset validation, TrainingState from) {
        try (Model.Hold held = model.beginTraining()) {
            return fitHeld(model, train, validation, from);
        }
    }

    /** Where a run is: the epoch and batch in progress, optimiser steps taken, samples seen in the epoch. */
    private static final class Position {
        int epoch;
        int batch;
        long step;
        int seen;
    }

    private History fitHeld(Model model, Dataset train, Dataset validation, TrainingState from) {
        if (validation != null) {
            Targets.encode(model, validation); // fail before training, not after the first epoch
        }
        if (from != null) {
            checkResumable(from);
        }
        Backend backend = model.backend();
        History history = from != null ? from.history() : new History();
        int n = train.size();
        int batches = (n + batchSize - 1) / batchSize;
        schedule.checkRun(epochs, batches);
        TrainingContext context = new TrainingContext(model, history, epochs, batches);
        int checkInterval = lossCheckInterval != null ? lossCheckInterval
                : backend.usesHostMemory() ? 1 : DEVICE_LOSS_CHECK_INTERVAL;
        boolean resident = resident(backend, train);
        try (BatchSource source = new BatchSource(model, train, batchSize, resident);
             Updater updater = optimizer.start(backend, model.parameterCount());
             TrainingStep trainingStep = new TrainingStep(model, updater, new GradientClipping(clipValue, clipNorm), train.isClassification());
             NonFiniteGuard guard = new NonFiniteGuard(model, checkInterval);
             EpochMetrics epochMetrics = new EpochMetrics(model, validation, Math.max(batchSize, Evaluator.DEFAULT_BATCH_SIZE),
                     resident && validation != null && fits(backend, validation))) {
            Position at = new Position();
            context.snapshotter(() -> snapshot(at, history, updater, backend, trainingStep));
            callbacks.forEach(c -> c.onTrainStart(context));
            boolean nonFinite = false;
            if (from != null) {
                restore(from, at, updater, trainingStep);
                guard.startEpoch(from.epochSums()[0], from.step());
            }
            BatchOrder batchOrder = shuffle ? BatchOrder.shuffled(seed) : BatchOrder.sequential();
            for (; at.epoch < epochs && context.stopReason() == null; at.epoch++) {
                final int e = at.epoch;
                if (at.batch == 0) {
                    callbacks.forEach(c -> c.onEpochStart(context, e));
                    trainingStep.resetEpochSums();
                    at.seen = 0;
                    guard.startEpoch(0, at.step);
                }
                int[] order = batchOrder.permutation(n, e);
                for (; at.batch < batches && context.stopReason() == null; at.batch++) {
                    final int batchIndex = at.batch;
                    int b = at.batch;
                    long step = at.step;
                    double lr = learningRate(step, e);
                    context.advance(step, lr);
                    callbacks.forEach(c -> c.onBatchStart(context, e, batchIndex));
                    int fromRow = b * batchSize;
                    int count = Math.min(batchSize, n - fromRow);
                    BatchSource.Batch batch = augmenter == null ? source.load(order, fromRow, count)
                            : source.load(order, fromRow, count, augmenter, new SplittableRandom(seed ^ Shuffle.mix(~step)));
                    guard.beforeForward();
                    trainingStep.computeGradients(batch, Mode.training(seed, step));
                    guard.afterForward(trainingStep.lossSum());
                    context.batchLoss(Double.NaN);
                    if (guard.checks(step, b == batches - 1)) {
                        boolean finite = guard.check(trainingStep.lossSum(), step, count);
                        context.batchLoss(guard.lastBatchLoss());
                        if (!finite) {
                            nonFinite = true;
                            context.requestStop("the loss became " + guard.lastSum() + " at epoch " + (e + 1) + ", batch " + (b + 1)
                                    + "; the parameters are those of the last step with a finite loss (the steps since applied no update"
                                    + " and their batch-norm running estimates were restored; lower the learning rate, normalise the inputs"
                                    + " or clip the gradients)");
                            break;
                        }
                    }
                    at.seen += count;
                    trainingStep.update(lr);
                    at.step++;
                    at.batch = b + 1; // a snapshot taken in onBatchEnd continues with the next batch
                    callbacks.forEach(c -> c.onBatchEnd(context, e, batchIndex));
                    at.batch = b;
                }
                if (at.seen == 0) {
                    break;
                }
                Map<String, Double> metrics = epochMetrics.of(trainingStep, at.seen, context.learningRate());
                callbacks.forEach(c -> c.onEpochEnd(context, e, metrics));
                history.record(metrics);
                at.batch = 0;
                at.epoch = e + 1; // a snapshot taken now continues with the next epoch
                callbacks.forEach(c -> c.onEpochRecorded(context, e));
                at.epoch = e;
            }
            if (context.stopReason() != null && nonFinite) {
                history.lossBecameNonFinite(context.stopReason());
            } else if (context.stopReason() != null) {
                history.stopped(context.stopReason());
            }
            callbacks.forEach(c -> c.onTrainEnd(context, history));
        }
        return history;
    }

    private void checkResumable(TrainingState from) {
        if (from.seed() != seed || from.batchSize() != batchSize || !from.optimizer().equals(optimizer.describe())) {
            throw new IllegalArgumentException("the training state was saved by a run with seed " + from.seed() + ", batch size "
                    + from.batchSize() + " and optimiser " + from.optimizer() + "; this trainer has seed " + seed + ", batch size " + batchSize
                    + " and " + optimizer.describe() + ": resume with the same settings");
        }
        if (from.epoch() > epochs || (from.epoch() == epochs && from.batch() > 0)) {
            throw new IllegalArgumentException("the training state is at epoch " + (from.epoch() + 1) + " but this trainer runs only " + epochs
                    + " epochs: ask for more epochs to continue");
        }
    }

    private TrainingState snapshot(Position at, History history, Updater updater, Backend backend, TrainingStep trainingStep) {
        double[] optimizerState = new double[0];
        if (updater.state() != null) {
            optimizerState = new double[updater.state().size()];
            backend.download(updater.state(), optimizerState, 0);
        }
        Map<String, Map<String, double[]>> parts = new LinkedHashMap<>();
        if (schedule instanceof Resumable r) {
            parts.put("schedule", save(r));
        }
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) instanceof Resumable r && callbacks.get(i) != schedule) {
                parts.put(TrainingState.callbackKey(i), save(r));
            }
        }
        double[] sums = {backend.readScalar(trainingStep.lossSum(), 0), backend.readScalar(trainingStep.correct(), 0), at.seen};
        return new TrainingState(at.epoch, at.batch, at.step, seed, batchSize, sums, optimizer.describe(), optimizerState, updater.steps(),
                history, parts);
    }

    private static Map<String, double[]> save(Resumable part) {
        Map<String, double[]> state = new LinkedHashMap<>();
        part.saveState(state);
        return state;
    }

    private void restore(TrainingState from, Position at, Updater updater, TrainingStep trainingStep) {
        updater.restore(from.optimizerState(), from.optimizerSteps());
        if (schedule instanceof Resumable r) {
            r.restoreState(part(from, "schedule"));
        }
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) instanceof Resumable r && callbacks.get(i) != schedule) {
                r.restoreState(part(from, TrainingState.callbackKey(i)));
            }
        }
        double[] sums = from.epochSums();
        trainingStep.restoreEpochSums(sums[0], sums[1]);
        at.epoch = from.epoch();
        at.batch = from.batch();
        at.step = from.step();
        at.seen = (int) sums[2];
    }

    private static Map<String, double[]> part(TrainingState from, String key) {
        Map<String, double[]> part = from.parts().get(key);
        if (part == null) {
            throw new IllegalArgumentException("the training state has no state for the " + key + " (it has " + from.partKeys()
                    + "): resume with the same schedule and callbacks");
        }
        return part;
    }

    /** Explicit choice, else on the device when the backend is a device, nothing augments batches on the host, and it fits in half the free memory. */
    private boolean resident(Backend backend, Dataset train) {
        if (residentData != null) {
            return residentData;
        }
        return !backend.usesHostMemory() && augmenter == null && fits(backend, train);
    }

    /** Whether {@code data} can live on the device: half the free memory holds its features, targets and row order. */
    private static boolean fits(Backend backend, Dataset data) {
        long bytes = (long) backend.dtype().bytes() * data.size() * (data.featureCount() + data.targetWidth())
                + (long) DType.INT32.bytes() * data.size();
        return bytes <= backend.freeMemoryBytes() / 2;
    }

    private double learningRate(long step, int epoch) {
        double lr = schedule.rate(optimizer.learningRate(), step, epoch);
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalStateException("the learning-rate schedule yielded " + lr + " at step " + step + " (epoch " + epoch
                    + "); a learning rate must be finite and > 0: check the schedule's parameters");
        }
        return lr;
    }

    /** Settings of a {@link Trainer}. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private long seed = 0;
        private boolean shuffle = true;
        private Optimizer optimizer;
        private Schedule schedule = Schedule.constant();
        private final List<Callback> callbacks = new ArrayList<>();
        private double clipValue;
        private double clipNorm;
        private Integer lossCheckInterval;
        private Augmenter augmenter;
        private Boolean residentData;

        private Builder() {
        }

        /**
         * Reads the running loss back every {@code steps} optimiser steps (and at each epoch's last step) to catch
         * a non-finite loss; on a device backend each read is a device-to-host copy. Default: every step on a
         * backend in host memory, every {@value Trainer#DEVICE_LOSS_CHECK_INTERVAL} steps on a device. The steps between a
         * non-finite loss and its read apply no update, so the interval decides when the run stops, not which parameters
         * it keeps (those of the last step with a finite loss).
         */
        public Builder lossCheckInterval(int steps) {
            ArgumentChecks.atLeast("loss check interval (steps)", steps, 1);
            this.lossCheckInterval = steps;
            return this;
        }

        /** Clips every gradient element to {@code [−limit, limit]} before the step (default off). */
        public Builder clipByValue(double limit) {
            ArgumentChecks.positive("gradient clip value", limit);
            this.clipValue = limit;
            return this;
        }

        /**
         * Scales the whole gradient by {@code min(1, maxNorm/(‖g‖ + 1e-6))} before the step (PyTorch's
         * {@code clip_grad_norm_}); a step whose gradient norm is not finite is skipped (default off).
         */
        public Builder clipByGlobalNorm(double maxNorm) {
            ArgumentChecks.positive("gradient clip norm", maxNorm);
            this.clipNorm = maxNorm;
            return this;
        }

        /** Passes over the training set, ≥ 1 (default 10). */
        public Builder epochs(int epochs) {
            ArgumentChecks.atLeast("epochs", epochs, 1);
            this.epochs = epochs;
            return this;
        }

        /** Samples per step, ≥ 1 (default 32); 1 is stochastic GD, the training-set size is batch GD. */
        public Builder batchSize(int batchSize) {
            ArgumentChecks.atLeast("batch size", batchSize, 1);
            this.batchSize = batchSize;
            return this;
        }

        /** Seed of shuffling and of stochastic layers (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to reshuffle every epoch (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Learning-rate schedule (default constant). */
        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Augments every training batch on the host (default none); validation and test data are never augmented. */
        public Builder augmentation(Augmenter augmenter) {
            this.augmenter = augmenter;
            return this;
        }

        /**
         * Keeps the whole training set on the device (uploaded once; the epoch's order once per epoch; batches
         * gathered on the device), so a training step copies nothing from the host; false gathers each batch on the
         * host and sends it with one upload. Default: resident on a device backend when the set fits in half the
         * free device memory and no augmentation is set (augmentation works on host batches).
         */
        public Builder deviceResidentData(boolean resident) {
            this.residentData = resident;
            return this;
        }

        public Builder callback(Callback callback) {
            callbacks.add(callback);
            return this;
        }

        public Trainer build() {
            if (Boolean.TRUE.equals(residentData) && augmenter != null) {
                throw new IllegalStateException("augmentation transforms host batches: use it without deviceResidentData(true)");
            }
            if (optimizer == null) {
                throw new IllegalStateException("the trainer needs an optimiser, e.g. .optimizer(Sgd.momentum(0.01, 0.9))");
            }
            return new Trainer(this);
        }
    }
}
