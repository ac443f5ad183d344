package dev.myelin.optim.fullbatch;

/**
 * Outcome of a full-batch minimisation.
 *
 * <p>Immutable and thread-safe.
 *
 * @param parameters  the final parameters {@code [n]}
 * @param value       the objective at {@link #parameters}
 * @param gradient    its gradient {@code [n]}
 * @param iterations  iterations taken by this call (each: one direction and one line search)
 * @param evaluations objective evaluations by this call
 * @param termination why it stopped
 */
public record MinimizationResult(double[] parameters, double value, double[] gradient, int iterations, int evaluations,
                                 Termination termination) {

    /** The largest absolute gradient component (the first-order optimality measure). */
    public double gradientMaxNorm() {
        return Vectors.maxAbs(gradient);
    }
}
