package dev.myelin.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}. Every method has an empty default; epochs and batches are 0-based.
 * A callback may stop training through {@link TrainingContext#requestStop}.
 *
 * <p>Thread-safety: the trainer calls a callback on the thread running {@link Trainer#fit}, one call at a time, so an implementation need not be thread-safe; an instance that keeps per-run state must not serve two concurrent fits.
 */
public interface Callback {

    default void onTrainStart(TrainingContext context) {
    }

    default void onEpochStart(TrainingContext context, int epoch) {
    }

    default void onBatchStart(TrainingContext context, int epoch, int batch) {
    }

    default void onBatchEnd(TrainingContext context, int epoch, int batch) {
    }

    /** {@code metrics}: this epoch's values, e.g. {@code loss}, {@code accuracy}, {@code val_loss}, {@code lr}; a callback may add its own. */
    default void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
    }

    /**
     * After every callback has seen the epoch's metrics and the history has recorded them: the moment at which
     * {@link TrainingContext#snapshot()} describes a finished epoch (where checkpoints are written).
     */
    default void onEpochRecorded(TrainingContext context, int epoch) {
    }

    default void onTrainEnd(TrainingContext context, History history) {
    }
}
