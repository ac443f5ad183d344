package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * Polynomial decay: η(t) = (η0 − η_end)·(1 − min(t, T)/T)^p + η_end, reaching η_end at t = T and
 * staying there. With η_end = 0 it is PyTorch's {@code PolynomialLR(total_iters=T, power=p)}.
 *
 * <p>Settings (command line {@code poly:T=100,power=2,end=1e-5}): T ≥ 1 ({@code T}, required);
 * p > 0 ({@code power}, default 1); η_end ≥ 0, an absolute rate ({@code end}, default 0); t per
 * epoch (default) or per step ({@code per}). With η_end = 0 the rate is 0 from t = T on, so the
 * run must end before T ({@link #checkHorizon}).
 *
 * <p>Immutable and thread-safe.
 */
public record PolynomialDecay(long totalT, double power, double endRate, Per per) implements TimedSchedule {

    public PolynomialDecay {
        ArgumentChecks.atLeast("polynomial decay T", totalT, 1);
        ArgumentChecks.positive("polynomial decay power", power);
        ArgumentChecks.nonNegative("polynomial decay η_end (end)", endRate);
        Per.requireGiven("polynomial decay", per);
    }

    /** η_end = 0, t per epoch. */
    public PolynomialDecay(long totalT, double power) {
        this(totalT, power, 0, Per.EPOCH);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        return (baseRate - endRate) * Math.pow(1.0 - (double) Math.min(t, totalT) / totalT, power) + endRate;
    }

    @Override
    public void checkHorizon(long lastT) {
        if (endRate == 0 && lastT >= totalT) {
            throw new IllegalArgumentException("polynomial decay reaches end = 0 at t = T = " + totalT + " " + per.units()
                    + " but this run goes on to t = " + lastT + ": set T >= " + (lastT + 1) + " or end > 0");
        }
    }
}
