package dev.myelin.optim.fullbatch;

import java.util.Arrays;

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

    /**
     * Rosenbrock's function of n ≥ 2 parameters, {@code f(x) = Σ 100·(x_{i+1} − x_i²)² + (1 − x_i)²} over
     * {@code i = 0 … n−2}, with its minimum 0 at (1, …, 1): the classic test of a minimiser (as SciPy's
     * {@code scipy.optimize.rosen}), whose curved valley punishes plain gradient descent. Stateless; thread-safe.
     */
    static Objective rosenbrock() {
        return (x, g) -> {
            double f = 0;
            Arrays.fill(g, 0);
            for (int i = 0; i + 1 < x.length; i++) {
                double a = x[i + 1] - x[i] * x[i];
                double b = 1 - x[i];
                f += 100 * a * a + b * b;
                g[i] += -400 * x[i] * a - 2 * b;
                g[i + 1] += 200 * a;
            }
            return f;
        };
    }
}
