package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * Cosine annealing, as PyTorch's {@code CosineAnnealingLR}: η(t) = η_min + (η0 − η_min)·(1 + cos(πt/T))/2,
 * falling from η0 at t = 0 to η_min at t = T.
 *
 * <p>As in PyTorch the formula is not clamped: past T the rate rises again, back to η0 at t = 2T.
 * Set T to the run's length in epochs (or steps), or use {@link CosineWarmRestarts} for restarts.
 *
 * <p>Settings (command line {@code cosine:T=50,min=1e-5}): T ≥ 1 ({@code T}, required); η_min ≥ 0,
 * an absolute rate ({@code min}, default 0); t per epoch (default) or per step ({@code per}). With
 * η_min = 0 the rate is 0 at t = T, so the run must end before T ({@link #checkHorizon}).
 *
 * <p>Immutable and thread-safe.
 */
public record CosineAnnealing(long period, double minRate, Per per) implements TimedSchedule {

    public CosineAnnealing {
        ArgumentChecks.atLeast("cosine annealing T", period, 1);
        ArgumentChecks.nonNegative("cosine annealing η_min (min)", minRate);
        Per.requireGiven("cosine annealing", per);
    }

    /** t per epoch. */
    public CosineAnnealing(long period, double minRate) {
        this(period, minRate, Per.EPOCH);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        return minRate + (baseRate - minRate) * (1 + Math.cos(Math.PI * t / period)) / 2;
    }

    @Override
    public void checkHorizon(long lastT) {
        if (minRate == 0 && lastT >= period) {
            throw new IllegalArgumentException("cosine annealing reaches min = 0 at t = T = " + period + " " + per.units()
                    + " but this run goes on to t = " + lastT + ": set T >= " + (lastT + 1) + " or min > 0");
        }
    }
}
