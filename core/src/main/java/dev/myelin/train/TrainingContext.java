package dev.myelin.train;

import dev.myelin.model.Model;

/**
 * What a {@link Callback} can see and do during {@link Trainer#fit}.
 *
 * <p>Not thread-safe: it belongs to one {@link Trainer#fit} and is used on that fit's thread only, by the trainer and its callbacks.
 */
public final class TrainingContext {
    private final Model model;
    private final History history;
    private final int epochs;
    private final int batchesPerEpoch;
    private long step;
    private double learningRate;
    private String stopReason;
    private double batchLoss = Double.NaN;
    private java.util.function.Supplier<TrainingState> snapshotter;

    TrainingContext(Model model, History history, int epochs, int batchesPerEpoch) {
        this.model = model;
        this.history = history;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    public Model model() {
        return model;
    }

    /** Metrics of the epochs finished so far. */
    public History history() {
        return history;
    }

    /** Epochs asked for. */
    public int epochs() {
        return epochs;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Optimiser steps taken so far (counted from the start of the first run when resumed from a checkpoint). */
    public long step() {
        return step;
    }

    /** Learning rate of the current step. */
    public double learningRate() {
        return learningRate;
    }

    /** Ends training after the current batch, with the reason recorded in the history. */
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** The reason training was asked to stop, or null. */
    public String stopReason() {
        return stopReason;
    }

    /**
     * The mean loss of the batch just trained, when the trainer read it back (in {@link Callback#onBatchEnd}): every step
     * on a backend in host memory, every {@link Trainer.Builder#lossCheckInterval} steps on a device, never forcing an
     * extra copy; empty otherwise.
     */
    public java.util.OptionalDouble batchLoss() {
        return Double.isNaN(batchLoss) ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(batchLoss);
    }

    void batchLoss(double value) {
        this.batchLoss = value;
    }

    /**
     * The state of the run right now, for a checkpoint: valid in {@link Callback#onBatchEnd} (continuing with the next
     * batch) and {@link Callback#onEpochRecorded} (continuing with the next epoch). Copies the optimiser state to the host.
     */
    public TrainingState snapshot() {
        if (snapshotter == null) {
            throw new IllegalStateException("no training run in progress");
        }
        return snapshotter.get();
    }

    void snapshotter(java.util.function.Supplier<TrainingState> supplier) {
        this.snapshotter = supplier;
    }

    void advance(long step, double learningRate) {
        this.step = step;
        this.learningRate = learningRate;
    }
}
