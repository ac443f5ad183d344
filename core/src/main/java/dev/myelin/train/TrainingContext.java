package dev.myelin.train;

import dev.myelin.model.Model;

/** What a {@link Callback} can see and do during {@link Trainer#fit}. */
public final class TrainingContext {
    private final Model model;
    private final History history;
    private final int epochs;
    private final int batchesPerEpoch;
    private long step;
    private double learningRate;
    private String stopReason;

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

    /** Optimiser steps taken so far in this run. */
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

    void advance(long step, double learningRate) {
        this.step = step;
        this.learningRate = learningRate;
    }
}
