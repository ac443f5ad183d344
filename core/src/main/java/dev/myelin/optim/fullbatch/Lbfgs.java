package dev.myelin.optim.fullbatch;

import dev.myelin.util.ArgumentChecks;

import java.util.ArrayList;
import java.util.List;

/**
 * Limited-memory BFGS for small models trained on the full batch: the algorithm of PyTorch's
 * {@code torch.optim.LBFGS(line_search_fn="strong_wolfe")}, statement for statement (so that it
 * reproduces PyTorch's iterates), on an {@link Objective} of {@code double[]} parameters.
 *
 * <p>Each iteration takes the direction {@code d = −H·g} from the two-loop recursion over the last m
 * curvature pairs {@code (s, y) = (x_{k+1} − x_k, g_{k+1} − g_k)} (a pair is kept only when
 * {@code yᵀs > 1e-10}), with the initial inverse Hessian {@code H0 = (yᵀs / yᵀy)·I}; the first
 * iteration is steepest descent with step {@code min(1, 1/‖g‖₁)·η}, later ones start the
 * {@linkplain StrongWolfe strong-Wolfe line search} (c1 = 1e-4, c2 = 0.9, at most 25 evaluations) at
 * step η. It stops when {@code max|g| ≤ toleranceGrad}, when {@code gᵀd > −toleranceChange}, when the
 * step {@code max|t·d|} or the change of the value is at most {@code toleranceChange}, or when a budget is used up.
 *
 * <p>Immutable and thread-safe: each {@link #minimize} call keeps its own state.
 *
 * @param historySize     m, the number of curvature pairs kept, ≥ 1 (default 10; PyTorch's is 100)
 * @param maxIterations   iterations per {@link Run#step()}, ≥ 1 (default 100; PyTorch's is 20)
 * @param maxEvaluations  objective evaluations per {@link Run#step()}, ≥ 1 (default 125, PyTorch's 5/4 of the iterations)
 * @param toleranceGrad   first-order optimality tolerance on {@code max|g|}, ≥ 0 (default 1e-7)
 * @param toleranceChange tolerance on step, value change and directional derivative, ≥ 0 (default 1e-9)
 * @param learningRate    η, the initial step of each line search, finite and &gt; 0 (default 1)
 */
public record Lbfgs(int historySize, int maxIterations, int maxEvaluations, double toleranceGrad, double toleranceChange, double learningRate)
        implements Minimizer {

    public Lbfgs {
        ArgumentChecks.atLeast("L-BFGS history size", historySize, 1);
        ArgumentChecks.atLeast("L-BFGS max iterations", maxIterations, 1);
        ArgumentChecks.atLeast("L-BFGS max evaluations", maxEvaluations, 1);
        ArgumentChecks.nonNegative("L-BFGS gradient tolerance", toleranceGrad);
        ArgumentChecks.nonNegative("L-BFGS change tolerance", toleranceChange);
        ArgumentChecks.positive("L-BFGS learning rate", learningRate);
    }

    /** m = 10, 100 iterations, 125 evaluations, tolerances 1e-7 (gradient) and 1e-9 (change), η = 1. */
    public static Lbfgs defaults() {
        return new Lbfgs(10, 100, 125, 1e-7, 1e-9, 1.0);
    }

    /** The same settings with history size m. */
    public Lbfgs withHistorySize(int m) {
        return new Lbfgs(m, maxIterations, maxEvaluations, toleranceGrad, toleranceChange, learningRate);
    }

    /** The same settings with an iteration budget, and PyTorch's evaluation budget for it ({@code iterations·5/4}). */
    public Lbfgs withMaxIterations(int iterations) {
        return new Lbfgs(historySize, iterations, Math.max(1, iterations * 5 / 4), toleranceGrad, toleranceChange, learningRate);
    }

    /** The same settings with an evaluation budget. */
    public Lbfgs withMaxEvaluations(int evaluations) {
        return new Lbfgs(historySize, maxIterations, evaluations, toleranceGrad, toleranceChange, learningRate);
    }

    /** The same settings with the two tolerances. */
    public Lbfgs withTolerances(double gradient, double change) {
        return new Lbfgs(historySize, maxIterations, maxEvaluations, gradient, change, learningRate);
    }

    /** Minimises {@code f} from {@code x0} (not modified) within one iteration and evaluation budget. */
    @Override
    public MinimizationResult minimize(Objective f, double[] x0) {
        return start(f, x0).step();
    }

    @Override
    public String describe() {
        return "lbfgs(history=" + historySize + ", max_iter=" + maxIterations + ", max_eval=" + maxEvaluations + ", tol_grad=" + toleranceGrad
                + ", tol_change=" + toleranceChange + ", lr=" + learningRate + ")";
    }

    /** A run from {@code x0} (copied) whose {@link Run#step()} calls continue one another, like PyTorch's {@code step(closure)}. */
    public Run start(Objective f, double[] x0) {
        if (f == null || x0 == null || x0.length == 0) {
            throw new IllegalArgumentException("L-BFGS needs an objective and a non-empty starting point");
        }
        return new Run(f, x0.clone());
    }

    /** A running L-BFGS: parameters, curvature history and the last direction, kept between {@link #step()} calls. */
    public final class Run {
        private final Objective f;
        private double[] x;
        private double[] d;
        private double t;
        private final List<double[]> oldDirs = new ArrayList<>();
        private final List<double[]> oldSteps = new ArrayList<>();
        private final List<Double> ro = new ArrayList<>();
        private final double[] al = new double[historySize];
        private double hDiag = 1;
        private double[] prevFlatGrad;
        private int totalIterations;
        private int totalEvaluations;

        private Run(Objective f, double[] x) {
            this.f = f;
            this.x = x;
        }

        /** The current parameters (a copy). */
        public double[] parameters() {
            return x.clone();
        }

        /** Iterations over all {@link #step()} calls. */
        public int totalIterations() {
            return totalIterations;
        }

        /** Objective evaluations over all {@link #step()} calls. */
        public int totalEvaluations() {
            return totalEvaluations;
        }

        /**
         * Evaluates the objective at the current parameters, then iterates until a stopping rule or a budget
         * of this call ends it (PyTorch's {@code LBFGS.step(closure)}).
         */
        public MinimizationResult step() {
            double[] flatGrad = new double[x.length];
            double loss = f.valueAndGradient(x, flatGrad);
            int evaluations = 1;
            totalEvaluations++;
            if (Vectors.maxAbs(flatGrad) <= toleranceGrad) {
                return new MinimizationResult(x.clone(), loss, flatGrad, 0, evaluations, Termination.GRADIENT_TOLERANCE);
            }
            int iterations = 0;
            Termination termination = Termination.MAX_ITERATIONS;
            while (iterations < maxIterations) {
                iterations++;
                totalIterations++;
                if (totalIterations == 1) {
                    d = Vectors.negate(flatGrad);
                    hDiag = 1;
                } else {
                    direction(flatGrad);
                }
                prevFlatGrad = flatGrad.clone();
                double prevLoss = loss;
                t = totalIterations == 1 ? Math.min(1.0, 1.0 / Vectors.sumAbs(flatGrad)) * learningRate : learningRate;
                double gtd = Vectors.dot(flatGrad, d);
                if (gtd > -toleranceChange) {
                    termination = Termination.NO_PROGRESS;
                    break;
                }
                StrongWolfe.Result ls = StrongWolfe.search(f, x, t, d, loss, flatGrad, gtd, StrongWolfe.C1, StrongWolfe.C2, toleranceChange,
                        StrongWolfe.MAX_EVALUATIONS);
                loss = ls.value();
                flatGrad = ls.gradient();
                t = ls.step();
                x = Vectors.step(x, t, d);
                evaluations += ls.evaluations();
                totalEvaluations += ls.evaluations();

                Termination end = Termination.afterIteration(Vectors.maxAbs(flatGrad), toleranceGrad, iterations, maxIterations, evaluations,
                        maxEvaluations, maxAbsStep(), loss - prevLoss, toleranceChange);
                if (end != null) {
                    termination = end;
                    break;
                }
            }
            return new MinimizationResult(x.clone(), loss, flatGrad, iterations, evaluations, termination);
        }

        private double maxAbsStep() {
            double m = 0;
            for (double di : d) {
                double v = Math.abs(di * t);
                if (!(v <= m)) {
                    m = v;
                }
            }
            return m;
        }

        /** Updates the curvature history with the last step and sets {@code d = −H·g} by the two-loop recursion. */
        private void direction(double[] flatGrad) {
            int n = flatGrad.length;
            double[] y = new double[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = flatGrad[i] - prevFlatGrad[i];
                s[i] = d[i] * t;
            }
            double ys = Vectors.dot(y, s);
            if (ys > 1e-10) {
                if (oldDirs.size() == historySize) {
                    oldDirs.remove(0);
                    oldSteps.remove(0);
                    ro.remove(0);
                }
                oldDirs.add(y);
                oldSteps.add(s);
                ro.add(1.0 / ys);
                hDiag = ys / Vectors.dot(y, y);
            }
            int numOld = oldDirs.size();
            double[] q = Vectors.negate(flatGrad);
            for (int i = numOld - 1; i >= 0; i--) {
                al[i] = Vectors.dot(oldSteps.get(i), q) * ro.get(i);
                double[] yi = oldDirs.get(i);
                for (int k = 0; k < n; k++) {
                    q[k] += -al[i] * yi[k];
                }
            }
            double[] r = new double[n];
            for (int k = 0; k < n; k++) {
                r[k] = q[k] * hDiag;
            }
            for (int i = 0; i < numOld; i++) {
                double be = Vectors.dot(oldDirs.get(i), r) * ro.get(i);
                double[] si = oldSteps.get(i);
                for (int k = 0; k < n; k++) {
                    r[k] += (al[i] - be) * si[k];
                }
            }
            d = r;
        }
    }
}
