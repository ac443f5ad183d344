package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * Step decay, as PyTorch's {@code StepLR}: η(t) = η0·γ^⌊t/s⌋, the rate multiplied by γ every s
 * epochs (or steps).
 *
 * <p>Settings (command line {@code step:s=10,gamma=0.5}): s ≥ 1 ({@code s}, required); γ in (0, 1]
 * ({@code gamma}, default 0.1 as in PyTorch); t per epoch (default) or per step ({@code per}).
 *
 * <p>Immutable and thread-safe.
 */
public record StepDecay(long stepSize, double gamma, Per per) implements TimedSchedule {

    /** PyTorch's default γ. */
    public static final double DEFAULT_GAMMA = 0.1;

    public StepDecay {
        ArgumentChecks.atLeast("step decay s", stepSize, 1);
        ArgumentChecks.inOpenClosedUnitInterval("step decay γ (gamma)", gamma);
        Per.requireGiven("step decay", per);
    }

    /** t per epoch. */
    public StepDecay(long stepSize, double gamma) {
        this(stepSize, gamma, Per.EPOCH);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        return baseRate * Math.pow(gamma, t / stepSize);
    }
}
