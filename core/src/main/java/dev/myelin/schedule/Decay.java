package dev.myelin.schedule;

import java.util.Objects;

/**
 * A decay of η0 over time t by one of the one-setting curves of {@link DecayFormula}: exponential
 * (η0·d^t, as PyTorch's {@code ExponentialLR}), natural exponential (η0·e^(−λt)), inverse-time
 * (η0 / (1 + decay·t)) or inverse-square-root (η0·d / √(t + 1)).
 *
 * <p>Settings: the curve ({@code formula}), its setting s ({@code setting}, range as the curve says), and
 * what t counts, epochs (default) or steps ({@code per}). On the command line {@code exp:gamma=0.95},
 * {@code exp:lambda=0.05}, {@code invtime:decay=0.01}, {@code invsqrt:d=0.5} (see {@link Schedules}).
 *
 * <p>Immutable and thread-safe.
 */
public record Decay(DecayFormula formula, double setting, Per per) implements TimedSchedule {

    public Decay {
        Objects.requireNonNull(formula, "decay formula");
        formula.checkSetting(setting);
        Per.requireGiven(formula.scheduleName(), per);
    }

    /** t per epoch. */
    public Decay(DecayFormula formula, double setting) {
        this(formula, setting, Per.EPOCH);
    }

    @Override
    public double rateAt(double baseRate, long t) {
        return formula.rate(baseRate, setting, t);
    }
}
