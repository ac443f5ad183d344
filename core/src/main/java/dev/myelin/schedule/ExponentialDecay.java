package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * Exponential decay with a factor per unit of t, as PyTorch's {@code ExponentialLR}: η(t) = η0·d^t.
 * For the form η0·e^(−λt) see {@link NaturalExponentialDecay}.
 *
 * <p>Settings (command line {@code exp:gamma=0.95}): d in (0, 1] ({@code gamma}, required); t per
 * epoch (default) or per step ({@code per}).
 *
 * <p>Immutable and thread-safe.
 */
public record ExponentialDecay(double gamma, Per per) implements TimedSchedule {

    public ExponentialDecay {
        ArgumentChecks.inOpenClosedUnitInterval("exponential decay d (gamma)", gamma);
        Per.requireGiven("exponential decay", per);
    }

    /** t per epoch. */
    public ExponentialDecay(double gamma) {
        this(gamma, Per.EPOCH);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        return baseRate * Math.pow(gamma, t);
    }
}
