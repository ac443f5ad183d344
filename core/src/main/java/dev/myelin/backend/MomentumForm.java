package dev.myelin.backend;

/**
 * How {@link Backend#sgdStep} uses its velocity buffer. {@code β} is the momentum, {@code η} the learning rate.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum MomentumForm {
    /** Plain SGD: {@code w −= η·g}; no velocity. */
    NONE,
    /** Classical momentum: {@code v = β·v + η·g; w −= v}. */
    CLASSICAL,
    /** Exponential moving average: {@code v = β·v + (1−β)·g; w −= η·v}. */
    EMA,
    /** Nesterov, in the classical form: {@code v = β·v + η·g; w −= β·v + η·g}. */
    NESTEROV
}
