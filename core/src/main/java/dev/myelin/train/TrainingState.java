package dev.myelin.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything besides the model that a training run needs to continue exactly where it was: the position
 * (epoch, next batch in it, optimiser steps), the sums of the epoch in progress, the optimiser's state, the
 * {@link History} so far, and the state of every {@link Resumable} part (reduce-on-plateau, early stopping).
 * The shuffling order and dropout masks need no state: they are functions of the seed, the epoch and the step,
 * which the trainer checks are unchanged. Made by {@link TrainingContext#snapshot()}, saved in a checkpoint,
 * given back to {@link Trainer#fit(dev.myelin.model.Model, dev.myelin.data.Dataset, dev.myelin.data.Dataset, TrainingState)}.
 * Immutable; thread-safe.
 *
 * @param epoch          0-based epoch to continue in (the number of epochs finished when {@code batch} is 0)
 * @param batch          0-based batch of {@code epoch} to continue with
 * @param step           optimiser steps taken
 * @param seed           the trainer's seed
 * @param batchSize      the trainer's batch size
 * @param epochSums      loss sum, correct count and samples seen so far in {@code epoch} ({@code [3]})
 * @param optimizer      the optimiser's description, e.g. {@code adam(lr=0.001, …)}
 * @param optimizerState the optimiser's flat state (empty when it has none)
 * @param optimizerSteps the optimiser's step counter
 * @param history        the metrics of the finished epochs
 * @param parts          state of each resumable part by key ({@code schedule}, {@code callback.<i>})
 */
public record TrainingState(int epoch, int batch, long step, long seed, int batchSize, double[] epochSums, String optimizer,
                            double[] optimizerState, long optimizerSteps, History history, Map<String, Map<String, double[]>> parts) {

    public TrainingState {
        if (epoch < 0 || batch < 0 || step < 0 || batchSize < 1 || epochSums.length != 3 || optimizerSteps < 0) {
            throw new IllegalArgumentException("training state out of range: epoch " + epoch + ", batch " + batch + ", step " + step
                    + ", batch size " + batchSize + ", optimiser steps " + optimizerSteps);
        }
        epochSums = epochSums.clone();
        optimizerState = optimizerState.clone();
        history = history.copy();
        Map<String, Map<String, double[]>> copy = new LinkedHashMap<>();
        parts.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        parts = Map.copyOf(copy);
    }

    @Override
    public double[] epochSums() {
        return epochSums.clone();
    }

    @Override
    public double[] optimizerState() {
        return optimizerState.clone();
    }

    @Override
    public History history() {
        return history.copy();
    }

    /** The key of the {@code i}-th callback's part. */
    static String callbackKey(int i) {
        return "callback." + i;
    }

    /** The keys of the parts, in order. */
    public List<String> partKeys() {
        return List.copyOf(parts.keySet());
    }
}
