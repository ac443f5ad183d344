package dev.myelin.optim.fullbatch;

/**
 * Why a full-batch minimiser stopped.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum Termination {
    /** The largest gradient component fell to the gradient tolerance or below (first-order optimality). */
    GRADIENT_TOLERANCE,
    /** The step, the change of the value or the directional derivative fell below the change tolerance. */
    NO_PROGRESS,
    /** The iteration budget was used up. */
    MAX_ITERATIONS,
    /** The evaluation budget was used up. */
    MAX_EVALUATIONS
}
