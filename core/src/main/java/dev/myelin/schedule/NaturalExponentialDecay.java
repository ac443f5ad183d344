package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * Exponential decay with a rate constant: η(t) = η0·e^(−λt). (PyTorch has no scheduler for this
 * form; its golden file comes from {@code LambdaLR}.) Equal to {@link ExponentialDecay} with
 * d = e^(−λ) up to rounding.
 *
 * <p>Settings (command line {@code exp:lambda=0.05}): λ ≥ 0 ({@code lambda}, required; 0 keeps
 * η0); t per epoch (default) or per step ({@code per}).
 *
 * <p>Immutable and thread-safe.
 */
public record NaturalExponentialDecay(double lambda, Per per) implements TimedSchedule {

    public NaturalExponentialDecay {
        ArgumentChecks.nonNegative("exponential decay λ (lambda)", lambda);
        Per.requireGiven("exponential decay", per);
    }

    /** t per epoch. */
    public NaturalExponentialDecay(double lambda) {
        this(lambda, Per.EPOCH);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        return baseRate * Math.exp(-lambda * t);
    }
}
