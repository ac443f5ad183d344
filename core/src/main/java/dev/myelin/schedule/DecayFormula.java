package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

import java.util.function.DoubleConsumer;

/**
 * The one-setting decay curves of a {@link Decay}: each says what its setting s means, which values it
 * takes, and the rate η(t) it gives for base rate η0.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum DecayFormula {
    /**
     * η(t) = η0·d^t, as PyTorch's {@code ExponentialLR}; d in (0, 1] (command line {@code exp:gamma=0.95},
     * required).
     */
    EXPONENTIAL("exponential decay", s -> ArgumentChecks.inOpenClosedUnitInterval("exponential decay d (gamma)", s),
            (eta0, s, t) -> eta0 * Math.pow(s, t)),
    /**
     * η(t) = η0·e^(−λt); λ ≥ 0, 0 keeps η0 (command line {@code exp:lambda=0.05}, required). Equal to
     * {@link #EXPONENTIAL} with d = e^(−λ) up to rounding. (PyTorch has no scheduler for this form; its golden
     * file comes from {@code LambdaLR}.)
     */
    NATURAL_EXPONENTIAL("exponential decay", s -> ArgumentChecks.nonNegative("exponential decay λ (lambda)", s),
            (eta0, s, t) -> eta0 * Math.exp(-s * t)),
    /**
     * η(t) = η0 / (1 + decay·t); decay ≥ 0, as a negative decay would drive the rate through zero (command line
     * {@code invtime:decay=0.01}, required). (No PyTorch scheduler; its golden file comes from {@code LambdaLR}.)
     */
    INVERSE_TIME("inverse-time decay", s -> ArgumentChecks.nonNegative("inverse-time decay (decay)", s),
            (eta0, s, t) -> eta0 / (1 + s * t)),
    /**
     * η(t) = η0·d / √(t + 1), with t counted from 0 (often written η0·d/√t with t counted from 1: the same
     * sequence); d > 0 (command line {@code invsqrt:d=0.5}, default 1, so the first rate is η0). (No PyTorch
     * scheduler; its golden file comes from {@code LambdaLR}.)
     */
    INVERSE_SQRT("inverse-sqrt decay", s -> ArgumentChecks.positive("inverse-sqrt decay d", s),
            (eta0, s, t) -> eta0 * s / Math.sqrt(t + 1.0));

    /** η(t) from η0, the setting s and the time t. */
    @FunctionalInterface
    private interface Curve {
        double rate(double eta0, double s, long t);
    }

    private final String scheduleName;
    private final DoubleConsumer check;
    private final Curve curve;

    DecayFormula(String scheduleName, DoubleConsumer check, Curve curve) {
        this.scheduleName = scheduleName;
        this.check = check;
        this.curve = curve;
    }

    /** The schedule's name in messages, e.g. "inverse-time decay". */
    String scheduleName() {
        return scheduleName;
    }

    /** Throws {@link IllegalArgumentException} naming the setting if s is outside its range. */
    void checkSetting(double s) {
        check.accept(s);
    }

    /** The rate at time t ≥ 0 for base rate η0 and setting s. */
    double rate(double eta0, double s, long t) {
        return curve.rate(eta0, s, t);
    }
}
