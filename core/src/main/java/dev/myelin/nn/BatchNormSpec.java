package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.util.ArgumentChecks;

/**
 * Batch normalisation over the batch, per feature: {@code y = γ·(x − μ)/√(σ² + ε) + β} with
 * {@code x, y [batch, features]} and {@code γ, β [1, features]} learned (γ starts at 1, β at 0, neither
 * regularised). Training uses the batch's mean and biased variance (at least 2 samples per batch) and
 * updates running estimates {@code r ← (1 − momentum)·r + momentum·stat} (unbiased variance, PyTorch's
 * convention); inference uses the running estimates (mean 0 and variance 1 before any training).
 *
 * <p>Immutable and thread-safe.
 *
 * @param momentum weight of the new batch statistic in the running estimates, in [0, 1]; default 0.1
 * @param epsilon  added to the variance, > 0; default 1e-5
 */
public record BatchNormSpec(double momentum, double epsilon) implements NormalisationSpec {
    /** PyTorch's default momentum. */
    public static final double DEFAULT_MOMENTUM = 0.1;
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPSILON = 1e-5;

    public BatchNormSpec {
        ArgumentChecks.inUnitInterval("batch norm momentum (the weight of each new batch statistic in the running estimates; default "
                + DEFAULT_MOMENTUM + ")", momentum);
        checkEpsilon("batch norm", epsilon);
    }

    /** Momentum 0.1, ε 1e-5. */
    public static BatchNormSpec defaults() {
        return new BatchNormSpec(DEFAULT_MOMENTUM, DEFAULT_EPSILON);
    }

    static void checkEpsilon(String layer, double epsilon) {
        ArgumentChecks.positive(layer + " epsilon (default " + DEFAULT_EPSILON + ")", epsilon);
    }

    @Override
    public Layer build(Backend backend, int inputWidth) {
        return new BatchNorm(backend, inputWidth, this);
    }

    @Override
    public String describe() {
        return "batchnorm:momentum=" + momentum + ":epsilon=" + epsilon;
    }
}
