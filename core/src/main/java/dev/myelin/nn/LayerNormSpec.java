package dev.myelin.nn;

import dev.myelin.backend.Backend;

/**
 * Layer normalisation, per sample over its features: {@code y = γ·(x − μ)/√(σ² + ε) + β} with the row's
 * mean and biased variance, {@code x, y [batch, features]}, {@code γ, β [1, features]} learned (γ starts
 * at 1, β at 0, neither regularised). The same in training and inference; works for any batch size.
 *
 * <p>Immutable and thread-safe.
 *
 * @param epsilon added to the variance, > 0; default 1e-5
 */
public record LayerNormSpec(double epsilon) implements NormalisationSpec {

    public LayerNormSpec {
        BatchNormSpec.checkEpsilon("layer norm", epsilon);
    }

    /** ε 1e-5. */
    public static LayerNormSpec defaults() {
        return new LayerNormSpec(BatchNormSpec.DEFAULT_EPSILON);
    }

    @Override
    public Layer build(Backend backend, int inputWidth) {
        return new LayerNorm(backend, inputWidth, this);
    }

    @Override
    public String describe() {
        return "layernorm:epsilon=" + epsilon;
    }
}
