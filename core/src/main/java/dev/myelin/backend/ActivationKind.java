package dev.myelin.backend;

/**
 * Element-wise (and, for softmax, row-wise) activation functions a backend evaluates.
 * The exact formulas, with their parameter, are those of {@link dev.myelin.nn.Activation}.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum ActivationKind {
    /** {@code f(z) = z}. */
    IDENTITY,
    /** {@code f(z) = 1 / (1 + e^-z)}. */
    SIGMOID,
    /** {@code f(z) = tanh z}. */
    TANH,
    /** {@code f(z) = max(0, z)}. */
    RELU,
    /** {@code f(z) = max(0, z) + α·min(0, z)}, α default 0.01. */
    LEAKY_RELU,
    /** {@code f(z) = z} for z > 0, {@code α(e^z − 1)} otherwise, α default 1. */
    ELU,
    /** {@code f(z) = λ·z} for z > 0, {@code λα(e^z − 1)} otherwise, λ ≈ 1.0507, α ≈ 1.6733. */
    SELU,
    /** Swish / SiLU: {@code f(z) = z·σ(z)}. */
    SWISH,
    /** Row-wise {@code softmax(z)_j = e^{z_j} / Σ_k e^{z_k}}. */
    SOFTMAX,
    /** The generalised rectifier {@code max(0, z) + α·min(0, z)} for any α (α = −1: absolute value). */
    RECTIFIER
}
