package dev.myelin.train;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.Shuffle;
import dev.myelin.model.Model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one epoch: the training loss and accuracy from the device sums of {@link TrainingStep}, the learning
 * rate, and the validation loss and accuracy (or MSE, MAE, R²). The validation set is staged once per run, on the
 * device when the training set is (then an epoch's validation uploads nothing, counts a classifier's confusion matrix on
 * the device, and reads back only that matrix and the loss sum).
 *
 * <p>Not thread-safe: it owns device buffers of one training run.
 */
final class EpochMetrics implements AutoCloseable {
    private final Model model;
    private final Dataset validation;
    private final int batchSize;
    private final BatchSource validationSource;
    private final int[] validationOrder;

    /** For a run on {@code model}; {@code validation} may be null; {@code resident}: keep it on the device. */
    EpochMetrics(Model model, Dataset validation, int batchSize, boolean resident) {
        this.model = model;
        this.validation = validation;
        this.batchSize = batchSize;
        this.validationSource = validation == null ? null : new BatchSource(model, validation, batchSize, resident);
        this.validationOrder = validation == null ? null : Shuffle.identity(validation.size());
    }

    /** The epoch's metrics after {@code seen} samples: {@code loss}, {@code accuracy} for a classifier, {@code lr} and the validation metrics. */
    Map<String, Double> of(TrainingStep step, int seen, double learningRate) {
        Backend backend = model.backend();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", backend.readScalar(step.lossSum(), 0) / seen);
        if (step.classifies()) {
            metrics.put("accuracy", backend.readScalar(step.correct(), 0) / seen);
        }
        metrics.put("lr", learningRate);
        if (validation != null) {
            Evaluation v = model.exclusive(() -> Evaluator.evaluate(model, validation, validationSource, validationOrder, batchSize));
            metrics.putAll(v.asValidationMetrics(validation.isClassification()));
        }
        return metrics;
    }

    @Override
    public void close() {
        if (validationSource != null) {
            validationSource.close();
        }
    }
}
