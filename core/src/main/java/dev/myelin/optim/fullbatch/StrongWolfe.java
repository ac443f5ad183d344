package dev.myelin.optim.fullbatch;

/**
 * The strong-Wolfe line search of PyTorch's {@code torch.optim.LBFGS} ({@code _strong_wolfe}, itself
 * ported from Torch7's {@code lswolfe.lua}), statement for statement so that trajectories match PyTorch:
 * a bracketing phase that extrapolates by cubic interpolation within {@code [t + 0.01·(t − t_prev), 10·t]},
 * then a zoom phase of safeguarded cubic interpolation. It finds a step t along d with
 * <pre>
 *   f(x + t·d) ≤ f(x) + c1·t·∇f(x)ᵀd      (sufficient decrease)
 *   |∇f(x + t·d)ᵀd| ≤ c2·|∇f(x)ᵀd|        (strong curvature condition)
 * </pre>
 * or gives up after {@code maxEvaluations} evaluations or when the bracket is shorter than
 * {@code toleranceChange / max|d|}, returning the best point seen.
 */
final class StrongWolfe {
    /** PyTorch's default sufficient-decrease constant. */
    static final double C1 = 1e-4;
    /** PyTorch's default curvature constant (suits quasi-Newton directions). */
    static final double C2 = 0.9;
    /** PyTorch's default evaluation budget per search. */
    static final int MAX_EVALUATIONS = 25;

    /** The accepted step t, f and ∇f there, and the number of evaluations the search used. */
    record Result(double value, double[] gradient, double step, int evaluations) {
    }

    private StrongWolfe() {
    }

    /** f and ∇f at {@code x + t·d}, and the directional derivative {@code ∇fᵀd} there. */
    private record Probe(double value, double[] gradient, double gtd) {
    }

    private static Probe evaluate(Objective f, double[] x, double t, double[] d) {
        double[] gradient = new double[x.length];
        double value = f.valueAndGradient(Vectors.step(x, t, d), gradient);
        return new Probe(value, gradient, Vectors.dot(gradient, d));
    }

    /**
     * Searches along {@code d} from {@code x}, where the value is {@code fx}, the gradient {@code g} and
     * the directional derivative {@code gtd = gᵀd < 0}, starting with step {@code t}.
     */
    static Result search(Objective f, double[] x, double t, double[] d, double fx, double[] g, double gtd, double c1, double c2,
                         double toleranceChange, int maxEvaluations) {
        double dNorm = Vectors.maxAbs(d);
        Probe origin = new Probe(fx, g, gtd);
        Probe probe = evaluate(f, x, t, d);

        double tPrev = 0;
        Probe prev = origin;
        boolean done = false;
        int lsIter = 0;
        // the bracket's steps, and the probes there
        double[] bracket = null;
        Probe[] at = null;
        while (lsIter < maxEvaluations) {
            if (probe.value() > fx + c1 * t * gtd || (lsIter > 1 && probe.value() >= prev.value())) {
                bracket = new double[] {tPrev, t};
                at = new Probe[] {prev, probe};
                break;
            }
            if (Math.abs(probe.gtd()) <= -c2 * gtd) {
                bracket = new double[] {t};
                at = new Probe[] {probe};
                done = true;
                break;
            }
            if (probe.gtd() >= 0) {
                bracket = new double[] {tPrev, t};
                at = new Probe[] {prev, probe};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, prev.value(), prev.gtd(), t, probe.value(), probe.gtd(), minStep, maxStep);
            tPrev = tmp;
            prev = probe;
            probe = evaluate(f, x, t, d);
            lsIter++;
        }
        if (lsIter == maxEvaluations) {
            bracket = new double[] {0, t};
            at = new Probe[] {origin, probe};
        }

        boolean insufficientProgress = false;
        int low = at[0].value() <= at[at.length - 1].value() ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < maxEvaluations) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            t = cubicInterpolate(bracket[0], at[0].value(), at[0].gtd(), bracket[1], at[1].value(), at[1].gtd());
            double hi = Math.max(bracket[0], bracket[1]);
            double lo = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < eps) {
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            probe = evaluate(f, x, t, d);
            lsIter++;

            if (probe.value() > fx + c1 * t * gtd || probe.value() >= at[low].value()) {
                bracket[high] = t;
                at[high] = probe;
                low = at[0].value() <= at[1].value() ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(probe.gtd()) <= -c2 * gtd) {
                    done = true;
                } else if (probe.gtd() * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    at[high] = at[low];
                }
                bracket[low] = t;
                at[low] = probe;
            }
        }
        // the first probe, then one per iteration
        return new Result(at[low].value(), at[low].gradient(), bracket[low], lsIter + 1);
    }

    /** Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to the interval between x1 and x2. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return cubicInterpolate(x1, f1, g1, x2, f2, g2, Math.min(x1, x2), Math.max(x1, x2));
    }

    /** Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to [lo, hi]; the midpoint when it has none. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2.0;
    }
}
