package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * The one-cycle policy, as PyTorch's {@code OneCycleLR} (without its momentum cycling). η0, the
 * optimiser's rate, is the peak (PyTorch's {@code max_lr}); the cycle starts at η0/div and ends at
 * η0/(div·final_div) after {@code totalSteps} values of t.
 *
 * <p>Phases, with s1 = pct·N − 1 and N = totalSteps: from t = 0 to s1 the rate goes from η0/div up to
 * η0; from s1 to N − 1 down to η0/(div·final_div). With three phases: up to η0 by s1, back down to
 * η0/div by s2 = 2·pct·N − 2, then to η0/(div·final_div) by N − 1. Within a phase from s to e going
 * from a to b, with p = (t − s)/(e − s): cos anneal b + (a − b)·(1 + cos(πp))/2, linear anneal
 * a + (b − a)·p. (A phase of length 0 gives b; PyTorch would give NaN.)
 *
 * <p>Settings (command line {@code onecycle:steps=1000}): N ≥ 1 ({@code steps}, required; the run
 * may not go past it); pct in [0, 1], or [0, 0.5] with three phases ({@code pct}, default 0.3);
 * anneal cos or linear ({@code anneal}, default cos); div > 0 ({@code div}, default 25);
 * final_div > 0 ({@code final_div}, default 1e4); three phases ({@code three_phase}, default false);
 * t per step (the default here, as PyTorch steps OneCycleLR every batch) or per epoch ({@code per}).
 *
 * <p>Immutable and thread-safe.
 */
public record OneCycle(long totalSteps, double pctStart, Anneal anneal, double divFactor, double finalDivFactor,
                       boolean threePhase, Per per) implements TimedSchedule {

    /** How the rate moves within a phase. */
    public enum Anneal {
        COS,
        LINEAR
    }

    public OneCycle {
        ArgumentChecks.atLeast("one-cycle steps", totalSteps, 1);
        double maxPct = threePhase ? 0.5 : 1;
        if (!(pctStart >= 0 && pctStart <= maxPct)) {
            throw new IllegalArgumentException("one-cycle pct must be in [0, " + (threePhase ? "0.5] with three phases" : "1]")
                    + ", got " + pctStart);
        }
        if (anneal == null) {
            throw new IllegalArgumentException("one-cycle anneal must be COS or LINEAR, got null");
        }
        ArgumentChecks.positive("one-cycle div", divFactor);
        ArgumentChecks.positive("one-cycle final_div", finalDivFactor);
        Per.requireGiven("one-cycle", per);
    }

    /** PyTorch's defaults: pct 0.3, cos anneal, div 25, final_div 1e4, two phases, t per step. */
    public OneCycle(long totalSteps) {
        this(totalSteps, 0.3, Anneal.COS, 25, 1e4, false, Per.STEP);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        if (t >= totalSteps) {
            throw new IllegalStateException("one-cycle was set for steps = " + totalSteps + " but was asked for t = " + t + " ("
                    + per.units() + " from 0): set steps to at least the run's total " + per.units());
        }
        double initial = baseRate / divFactor;
        double[] ends = threePhase
                ? new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1}
                : new double[] {pctStart * totalSteps - 1, totalSteps - 1};
        double[] from = threePhase ? new double[] {initial, baseRate, initial} : new double[] {initial, baseRate};
        double[] to = threePhase ? new double[] {baseRate, initial, initial / finalDivFactor}
                : new double[] {baseRate, initial / finalDivFactor};
        double start = 0;
        for (int i = 0; i < ends.length; i++) {
            if (t <= ends[i] || i == ends.length - 1) {
                double length = ends[i] - start;
                double p = length == 0 ? 1 : (t - start) / length;
                return anneal == Anneal.COS
                        ? to[i] + (from[i] - to[i]) / 2.0 * (Math.cos(Math.PI * p) + 1)
                        : (to[i] - from[i]) * p + from[i];
            }
            start = ends[i];
        }
        throw new AssertionError("unreachable: the last phase always matches");
    }

    @Override
    public void checkHorizon(long lastT) {
        if (lastT >= totalSteps) {
            throw new IllegalArgumentException("one-cycle steps = " + totalSteps + " is shorter than this run, which needs t up to "
                    + lastT + " (" + per.units() + " from 0): set steps >= " + (lastT + 1));
        }
    }
}
