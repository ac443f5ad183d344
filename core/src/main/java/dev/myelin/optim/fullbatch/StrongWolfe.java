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

    private static final class Probe {
        double value;
        double[] gradient;
    }

    private static Probe evaluate(Objective f, double[] x, double t, double[] d) {
        Probe p = new Probe();
        p.gradient = new double[x.length];
        p.value = f.valueAndGradient(Vectors.step(x, t, d), p.gradient);
        return p;
    }

    /**
     * Searches along {@code d} from {@code x}, where the value is {@code fx}, the gradient {@code g} and
     * the directional derivative {@code gtd = gᵀd < 0}, starting with step {@code t}.
     */
    static Result search(Objective f, double[] x, double t, double[] d, double fx, double[] g, double gtd, double c1, double c2,
                         double toleranceChange, int maxEvaluations) {
        double dNorm = Vectors.maxAbs(d);
        Probe probe = evaluate(f, x, t, d);
        double fNew = probe.value;
        double[] gNew = probe.gradient;
        int evaluations = 1;
        double gtdNew = Vectors.dot(gNew, d);

        double tPrev = 0;
        double fPrev = fx;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null;
        double[] bracketF = null;
        double[][] bracketG = null;
        double[] bracketGtd = null;
        while (lsIter < maxEvaluations) {
            if (fNew > fx + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            probe = evaluate(f, x, t, d);
            fNew = probe.value;
            gNew = probe.gradient;
            evaluations++;
            gtdNew = Vectors.dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxEvaluations) {
            bracket = new double[] {0, t};
            bracketF = new double[] {fx, fNew};
            bracketG = new double[][] {g, gNew};
            bracketGtd = new double[] {gtd, gtdNew};
        }

        boolean insufficientProgress = false;
        int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < maxEvaluations) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
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
            fNew = probe.value;
            gNew = probe.gradient;
            evaluations++;
            gtdNew = Vectors.dot(gNew, d);
            lsIter++;

            if (fNew > fx + c1 * t * gtd || fNew >= bracketF[low]) {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew;
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew;
                bracketGtd[low] = gtdNew;
            }
        }
        return new Result(bracketF[low], bracketG[low], bracket[low], evaluations);
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
