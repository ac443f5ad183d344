package dev.myelin.train;

/**
 * Metrics of a model on a data set.
 *
 * <p>Immutable once {@link Evaluator} returns it; safe to share between threads (do not add to its confusion matrix).
 *
 * @param samples   number of samples evaluated
 * @param loss      mean per-sample loss
 * @param accuracy  fraction classified right (NaN for regression)
 * @param confusion confusion matrix (null for regression)
 * @param mse       mean squared error over all outputs (NaN for classification)
 * @param mae       mean absolute error over all outputs (NaN for classification)
 * @param r2        coefficient of determination {@code 1 − SS_res/SS_tot} over all outputs (NaN for classification)
 */
public record Evaluation(int samples, double loss, double accuracy, ConfusionMatrix confusion, double mse, double mae, double r2) {
}
