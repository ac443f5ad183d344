package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * Cosine annealing with warm restarts (SGDR), as PyTorch's {@code CosineAnnealingWarmRestarts}:
 * η(t) = η_min + (η0 − η_min)·(1 + cos(π·T_cur/T_i))/2, where the i-th cycle lasts
 * T_i = T_0·T_mult^i and T_cur counts from 0 within it; the rate jumps back to η0 at each restart
 * (t = T_0, T_0 + T_0·T_mult, ...).
 *
 * <p>Settings (command line {@code cosine_restarts:T0=10,mult=2,min=1e-5}): T_0 ≥ 1 ({@code T0},
 * required); T_mult ≥ 1, an integer ({@code mult}, default 1); η_min ≥ 0 ({@code min}, default 0);
 * t per epoch (default) or per step ({@code per}).
 *
 * <p>Immutable and thread-safe.
 */
public record CosineWarmRestarts(long firstPeriod, long periodMultiplier, double minRate, Per per) implements TimedSchedule {

    public CosineWarmRestarts {
        ArgumentChecks.atLeast("cosine restarts T_0 (T0)", firstPeriod, 1);
        ArgumentChecks.atLeast("cosine restarts T_mult (mult)", periodMultiplier, 1);
        ArgumentChecks.nonNegative("cosine restarts η_min (min)", minRate);
        Per.requireGiven("cosine restarts", per);
    }

    /** t per epoch. */
    public CosineWarmRestarts(long firstPeriod, long periodMultiplier, double minRate) {
        this(firstPeriod, periodMultiplier, minRate, Per.EPOCH);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        long cur = t;
        long period = firstPeriod;
        if (periodMultiplier == 1) {
            cur = t % firstPeriod;
        } else {
            while (cur >= period) {
                cur -= period;
                period = period > Long.MAX_VALUE / periodMultiplier ? Long.MAX_VALUE : period * periodMultiplier;
            }
        }
        return minRate + (baseRate - minRate) * (1 + Math.cos(Math.PI * cur / period)) / 2;
    }
}
