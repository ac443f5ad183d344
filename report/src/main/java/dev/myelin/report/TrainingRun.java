package dev.myelin.report;

import dev.myelin.train.ConfusionMatrix;
import dev.myelin.train.History;

import java.util.Objects;

/**
 * What the report shows of one training run: a title, the per-epoch history (with the training monitor's per-layer
 * {@code grad_norm/…} and {@code update_ratio/…} metrics when it ran), the learning rate per step, the confusion matrix on
 * the evaluated split (null for regression), and lines of text (model summary, final scores).
 *
 * <p>Shallowly immutable: the step-rate array, history and confusion matrix are shared, not copied; finish them
 * before building the record, then it may be shared between threads for reading.
 */
public record TrainingRun(String title, History history, double[] stepLearningRates, ConfusionMatrix confusion, String summary) {
    public TrainingRun {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(history, "history");
        stepLearningRates = stepLearningRates == null ? new double[0] : stepLearningRates.clone();
        summary = summary == null ? "" : summary;
    }
}
