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

    /**
     * These metrics as a validation pass names them in a {@link History}: {@code val_loss}, then {@code val_accuracy} for
     * a classifier ({@code classification}), else {@code val_mse}, {@code val_mae} and {@code val_r2}; in that order.
     */
    public java.util.Map<String, Double> asValidationMetrics(boolean classification) {
        java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        metrics.put("val_loss", loss);
        if (classification) {
            metrics.put("val_accuracy", accuracy);
        } else {
            metrics.put("val_mse", mse);
            metrics.put("val_mae", mae);
            metrics.put("val_r2", r2);
        }
        return metrics;
    }
}
