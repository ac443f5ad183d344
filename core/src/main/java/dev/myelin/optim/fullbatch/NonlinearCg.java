package dev.myelin.optim.fullbatch;

import dev.myelin.util.ArgumentChecks;

/**
 * Nonlinear conjugate gradient, Polak–Ribière+ with restarts, for small models trained on the full batch.
 * Each iteration searches along d with the {@linkplain StrongWolfe strong-Wolfe line search} of
 * {@link Lbfgs} (c1 = 1e-4, c2 as set), then
 * <pre>
 *   β = max(0, g_{k+1}ᵀ(g_{k+1} − g_k) / g_kᵀg_k)        (PR+; β = 0 is a restart)
 *   d = −g_{k+1} + β·d
 * </pre>
 * restarting ({@code d = −g}) every {@code restartInterval} iterations and whenever d is not a descent
 * direction. The first step tried is {@code min(1, 1/‖g‖₁)·η}; later ones {@code t_{k−1}·g_{k−1}ᵀd_{k−1} / g_kᵀd_k}
 * (Nocedal and Wright, eq. 3.60). Stopping rules are those of {@link Lbfgs}. With an exact line search
 * (small c2) it minimises a strictly convex quadratic of n variables in at most n iterations.
 *
 * <p>Immutable and thread-safe: each {@link #minimize} call keeps its own state.
 *
 * @param maxIterations   iterations, ≥ 1 (default 1000)
 * @param maxEvaluations  objective evaluations, ≥ 1 (default 2500)
 * @param toleranceGrad   first-order optimality tolerance on {@code max|g|}, ≥ 0 (default 1e-7)
 * @param toleranceChange tolerance on step, value change and directional derivative, ≥ 0 (default 1e-9)
 * @param learningRate    η, scale of the first step tried, finite and &gt; 0 (default 1)
 * @param curvature       c2 of the strong-Wolfe conditions, in (1e-4, 1) (default 0.1, as CG needs a fairly exact search)
 * @param restartInterval restart every this many iterations, ≥ 1; 0 means the number of parameters (default 0)
 */
public record NonlinearCg(int maxIterations, int maxEvaluations, double toleranceGrad, double toleranceChange, double learningRate,
                          double curvature, int restartInterval) implements Minimizer {

    public NonlinearCg {
        ArgumentChecks.atLeast("conjugate gradient max iterations", maxIterations, 1);
        ArgumentChecks.atLeast("conjugate gradient max evaluations", maxEvaluations, 1);
        ArgumentChecks.nonNegative("conjugate gradient gradient tolerance", toleranceGrad);
        ArgumentChecks.nonNegative("conjugate gradient change tolerance", toleranceChange);
        ArgumentChecks.positive("conjugate gradient learning rate", learningRate);
        if (!(curvature > StrongWolfe.C1 && curvature < 1)) {
            throw new IllegalArgumentException("conjugate gradient curvature constant c2 must be in (1.0E-4, 1), got " + curvature);
        }
        if (restartInterval < 0) {
            throw new IllegalArgumentException("conjugate gradient restart interval must be >= 0 (0: the number of parameters), got "
                    + restartInterval);
        }
    }

    /** 1000 iterations, 2500 evaluations, tolerances 1e-7 and 1e-9, η = 1, c2 = 0.1, restart every n iterations. */
    public static NonlinearCg defaults() {
        return new NonlinearCg(1000, 2500, 1e-7, 1e-9, 1.0, 0.1, 0);
    }

    /** The same settings with an iteration budget and 5/2 as many evaluations. */
    public NonlinearCg withMaxIterations(int iterations) {
        return new NonlinearCg(iterations, Math.max(1, iterations * 5 / 2), toleranceGrad, toleranceChange, learningRate, curvature,
                restartInterval);
    }

    /** The same settings with the two tolerances. */
    public NonlinearCg withTolerances(double gradient, double change) {
        return new NonlinearCg(maxIterations, maxEvaluations, gradient, change, learningRate, curvature, restartInterval);
    }

    /** The same settings with the curvature constant c2 of the line search. */
    public NonlinearCg withCurvature(double c2) {
        return new NonlinearCg(maxIterations, maxEvaluations, toleranceGrad, toleranceChange, learningRate, c2, restartInterval);
    }

    /** The same settings with a restart interval (0: the number of parameters). */
    public NonlinearCg withRestartInterval(int interval) {
        return new NonlinearCg(maxIterations, maxEvaluations, toleranceGrad, toleranceChange, learningRate, curvature, interval);
    }

    @Override
    public String describe() {
        return "cg(max_iter=" + maxIterations + ", max_eval=" + maxEvaluations + ", tol_grad=" + toleranceGrad + ", tol_change=" + toleranceChange
                + ", lr=" + learningRate + ", c2=" + curvature + ", restart=" + restartInterval + ")";
    }

    /** Minimises {@code f} from {@code x0} (not modified). */
    @Override
    public MinimizationResult minimize(Objective f, double[] x0) {
        if (f == null || x0 == null || x0.length == 0) {
            throw new IllegalArgumentException("conjugate gradient needs an objective and a non-empty starting point");
        }
        int n = x0.length;
        int restartEvery = restartInterval == 0 ? n : restartInterval;
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        int evaluations = 1;
        if (Vectors.maxAbs(g) <= toleranceGrad) {
            return new MinimizationResult(x, fx, g, 0, evaluations, Termination.GRADIENT_TOLERANCE);
        }
        double[] d = Vectors.negate(g);
        double previousStep = 0;
        double previousGtd = 0;
        int sinceRestart = 0;
        int iterations = 0;
        Termination termination = Termination.MAX_ITERATIONS;
        while (iterations < maxIterations) {
            iterations++;
            double gtd = Vectors.dot(g, d);
            if (!(gtd < 0)) { // not a descent direction: restart along −g
                d = Vectors.negate(g);
                gtd = Vectors.dot(g, d);
                sinceRestart = 0;
            }
            if (gtd > -toleranceChange) {
                termination = Termination.NO_PROGRESS;
                break;
            }
            double t = iterations == 1 ? Math.min(1.0, 1.0 / Vectors.sumAbs(g)) * learningRate : previousStep * previousGtd / gtd;
            if (!(t > 0) || !Double.isFinite(t)) {
                t = learningRate;
            }
            StrongWolfe.Result ls = StrongWolfe.search(f, x, t, d, fx, g, gtd, StrongWolfe.C1, curvature, toleranceChange,
                    StrongWolfe.MAX_EVALUATIONS);
            evaluations += ls.evaluations();
            t = ls.step();
            x = Vectors.step(x, t, d);
            double previousValue = fx;
            double[] gNew = ls.gradient();
            fx = ls.value();
            double maxStep = t * Vectors.maxAbs(d);

            double gg = Vectors.dot(g, g);
            double beta = 0;
            sinceRestart++;
            if (sinceRestart < restartEvery) {
                double num = 0;
                for (int i = 0; i < n; i++) {
                    num += gNew[i] * (gNew[i] - g[i]);
                }
                beta = Math.max(0, num / gg);
            }
            if (beta == 0) {
                sinceRestart = 0;
            }
            previousStep = t;
            previousGtd = gtd;
            for (int i = 0; i < n; i++) {
                d[i] = -gNew[i] + beta * d[i];
            }
            g = gNew;

            Termination end = Termination.afterIteration(Vectors.maxAbs(g), toleranceGrad, iterations, maxIterations, evaluations,
                    maxEvaluations, Math.abs(maxStep), fx - previousValue, toleranceChange);
            if (end != null) {
                termination = end;
                break;
            }
        }
        return new MinimizationResult(x, fx, g, iterations, evaluations, termination);
    }
}
