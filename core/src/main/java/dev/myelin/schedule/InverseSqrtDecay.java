package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * Inverse-square-root decay: η(t) = η0·d / √(t + 1), with t counted from 0 (often written
 * η0·d/√t with t counted from 1: the same sequence). (No PyTorch scheduler; its golden file
 * comes from {@code LambdaLR}.)
 *
 * <p>Settings (command line {@code invsqrt:d=0.5}): d > 0 ({@code d}, default 1, so the first rate
 * is η0); t per epoch (default) or per step ({@code per}).
 *
 * <p>Immutable and thread-safe.
 */
public record InverseSqrtDecay(double d, Per per) implements TimedSchedule {

    public InverseSqrtDecay {
        ArgumentChecks.positive("inverse-sqrt decay d", d);
        Per.requireGiven("inverse-sqrt decay", per);
    }

    /** t per epoch. */
    public InverseSqrtDecay(double d) {
        this(d, Per.EPOCH);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        return baseRate * d / Math.sqrt(t + 1.0);
    }
}
