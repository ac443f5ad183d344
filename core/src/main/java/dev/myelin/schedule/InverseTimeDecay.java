package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * Inverse-time decay: η(t) = η0 / (1 + decay·t). (No PyTorch scheduler; its golden file comes from
 * {@code LambdaLR}.)
 *
 * <p>Settings (command line {@code invtime:decay=0.01}): decay ≥ 0 ({@code decay}, required; a
 * negative decay would drive the rate through zero); t per epoch (default) or per step
 * ({@code per}).
 *
 * <p>Immutable and thread-safe.
 */
public record InverseTimeDecay(double decay, Per per) implements TimedSchedule {

    public InverseTimeDecay {
        ArgumentChecks.nonNegative("inverse-time decay (decay)", decay);
        Per.requireGiven("inverse-time decay", per);
    }

    /** t per epoch. */
    public InverseTimeDecay(double decay) {
        this(decay, Per.EPOCH);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        return baseRate / (1 + decay * t);
    }
}
