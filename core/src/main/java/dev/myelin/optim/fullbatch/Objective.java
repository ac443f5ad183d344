package dev.myelin.optim.fullbatch;

/**
 * A smooth function of n real parameters that full-batch methods ({@link Lbfgs}, {@link NonlinearCg})
 * minimise: one call evaluates the value and the gradient at a point.
 *
 * <p>An evaluation must be deterministic (the same {@code params} give the same value and gradient):
 * line searches compare values at nearby points. The minimisers pass a fresh {@code gradOut} array to
 * every call and never change {@code params} while the call runs.
 *
 * <p>Implementations need not be thread-safe: a minimiser calls them from one thread, one call at a time.
 */
@FunctionalInterface
public interface Objective {

    /**
     * Evaluates the objective at {@code params} {@code [n]}, writes its gradient into {@code gradOut}
     * {@code [n]} and returns its value.
     */
    double valueAndGradient(double[] params, double[] gradOut);
}
