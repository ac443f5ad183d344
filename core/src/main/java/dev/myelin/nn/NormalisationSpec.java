package dev.myelin.nn;

/**
 * A normalisation layer's spec, {@code y = γ·(x − μ)/√(σ² + ε) + β} with {@code γ, β [1, features]} learned:
 * batch norm (statistics over the batch) and layer norm (over each sample's features).
 *
 * <p>The bundled implementations are immutable records and thread-safe.
 */
public interface NormalisationSpec extends SameWidthSpec {

    /** ε added to the variance, > 0. */
    double epsilon();

    /** γ and β per feature: {@code 2 · inputWidth}. */
    @Override
    default long parameterCount(int inputWidth) {
        return 2L * inputWidth;
    }
}
