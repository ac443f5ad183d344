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
    MAX_EVALUATIONS;

    /**
     * The test both minimisers make at the end of an iteration, in PyTorch's order, or null to go on: the largest
     * gradient component {@code gradientMaxAbs} at or below {@code toleranceGrad}, the iteration budget used, the
     * evaluation budget used, then no progress (the largest component of the step taken at or below
     * {@code toleranceChange}, or the change of the value below it).
     */
    static Termination afterIteration(double gradientMaxAbs, double toleranceGrad, int iterations, int maxIterations, int evaluations,
                                      int maxEvaluations, double stepMaxAbs, double valueChange, double toleranceChange) {
        if (gradientMaxAbs <= toleranceGrad) {
            return GRADIENT_TOLERANCE;
        }
        if (iterations == maxIterations) {
            return MAX_ITERATIONS;
        }
        if (evaluations >= maxEvaluations) {
            return MAX_EVALUATIONS;
        }
        if (stepMaxAbs <= toleranceChange || Math.abs(valueChange) < toleranceChange) {
            return NO_PROGRESS;
        }
        return null;
    }
}
