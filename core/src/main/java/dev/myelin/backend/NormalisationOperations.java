package dev.myelin.backend;

/**
 * Batch norm (training and inference) and layer norm, forward and backward. Batch norm statistics are per feature
 * over the batch ({@code [1, features]}), layer norm statistics per row ({@code [rows, 1]}); ε is added to the
 * variance.
 *
 * <p>Part of {@link Backend}: all tensors are row-major {@code [rows, cols]} of the backend's {@link Backend#dtype()},
 * activations are {@code [batch, features]}, per-feature vectors {@code [1, features]}. Each operation is validated
 * once, with the same messages on every backend ({@link IllegalArgumentException} naming the operation and the
 * shapes, {@link IllegalStateException} for a closed backend or tensor), then runs as one BLAS call or kernel launch.
 * Not thread-safe unless the backend says so: one thread at a time.
 */
public interface NormalisationOperations {

    /**
     * Batch norm in training, per feature j over the batch: {@code μ_j}, biased {@code σ²_j} (two-pass),
     * {@code out = γ·(x − μ)/√(σ² + ε) + β}; running estimates {@code r ← (1−momentum)·r + momentum·stat}
     * with the unbiased variance {@code σ²·n/(n−1)} (PyTorch). Saves {@code μ} and {@code 1/√(σ² + ε)}
     * ({@code [1, features]}) for the backward pass. Needs at least 2 rows. ε and the momentum come from {@code spec}.
     */
    void batchNormForwardTraining(BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, Tensor out,
                                  Tensor savedMean, Tensor savedInvStd);

    /** Batch norm at inference: {@code out = γ·(x − r_μ)/√(r_σ² + ε) + β}, ε from {@code spec} (its momentum is unused). */
    void batchNormForwardInference(BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, Tensor out);

    /** Gradients of batch norm in training mode: {@code gradX}, and {@code gradGamma}, {@code gradBeta} (overwritten). */
    void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                           Tensor gradBeta);

    /**
     * Layer norm, per row over its features: {@code out = γ·(x − μ)/√(σ² + ε) + β}, biased σ²;
     * saves {@code μ} and {@code 1/√(σ² + ε)} as {@code [rows, 1]}.
     */
    void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd);

    /** Gradients of layer norm: {@code gradX}, and {@code gradGamma}, {@code gradBeta} (overwritten). */
    void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                           Tensor gradBeta);
}
