package dev.myelin.backend;

/**
 * Losses and metrics: the summed per-sample loss and its gradient for a {@link LossSpec}, the count of correct
 * predictions and the arg-max per row. Results accumulate into 1-element tensors on the device.
 *
 * <p>Part of {@link Backend}: all tensors are row-major {@code [rows, cols]} of the backend's {@link Backend#dtype()},
 * activations are {@code [batch, features]}, per-feature vectors {@code [1, features]}. Each operation is validated
 * once, with the same messages on every backend ({@link IllegalArgumentException} naming the operation and the
 * shapes, {@link IllegalStateException} for a closed backend or tensor), then runs as one BLAS call or kernel launch.
 * Not thread-safe unless the backend says so: one thread at a time.
 */
public interface LossOperations {

    // ---------------------------------------------------------------- losses and metrics

    /**
     * {@code lossSum[0] += Σ_samples ℓ(output[i, :], target[i, :])}, the per-sample loss of
     * {@link dev.myelin.loss.Loss}. {@code target} is {@code [batch, outputs]}, or {@code [batch, 1]}
     * of class indices for the sparse loss.
     */
    void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum);

    /** {@code grad = scale · ∂ℓ/∂output} per sample (scale is 1/batch for a mean over the batch). */
    void lossBackward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad);

    /**
     * {@code counter[0] += number of rows whose prediction is right}, into the {@link DType#INT32} tensor
     * {@code counter} (exact up to 2^31 − 1): arg-max of the row equals the
     * class index in {@code target} ({@code [batch, 1]}) or, for one-hot targets, the arg-max of the
     * target row; with one output column, {@code output > threshold} equals {@code target > 0.5}.
     */
    void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter);

    /**
     * {@code predicted[i, 0] = argmax_j output[i, j]}, the first maximum (a NaN in first place wins, later NaNs are
     * passed over), into the {@link DType#INT32} tensor {@code predicted [output.rows(), 1]}.
     */
    void argmaxRows(Tensor output, Tensor predicted);

}
