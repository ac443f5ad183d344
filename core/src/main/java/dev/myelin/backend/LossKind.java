package dev.myelin.backend;

/**
 * Losses a backend evaluates; formulas and reductions are documented on {@link dev.myelin.loss.Loss}.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum LossKind {
    MEAN_SQUARED_ERROR,
    MEAN_ABSOLUTE_ERROR,
    HUBER,
    BINARY_CROSS_ENTROPY,
    CATEGORICAL_CROSS_ENTROPY,
    SPARSE_CATEGORICAL_CROSS_ENTROPY
}
