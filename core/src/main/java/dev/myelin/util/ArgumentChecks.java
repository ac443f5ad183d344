package dev.myelin.util;

/**
 * The argument checks of Myelin's settings (optimisers, schedules, full-batch minimisers, data and augmentation): each throws an
 * {@link IllegalArgumentException} whose message names the setting, the accepted range and the value given,
 * e.g. {@code "learning rate must be a finite number > 0, got -1.0"}. Stateless; safe to call from any thread.
 */
public final class ArgumentChecks {
    private ArgumentChecks() {
    }

    /** {@code value} finite (not NaN, not infinite). */
    public static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
    }

    /** {@code value} finite and > 0. */
    public static void positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
    }

    /** {@code value} finite and ≥ 0. */
    public static void nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }

    /** {@code value} in [0, 1). */
    public static void inClosedOpenUnitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    /** {@code value} in (0, 1). */
    public static void inOpenUnitInterval(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), got " + value);
        }
    }

    /** {@code value} in (0, 1]. */
    public static void inOpenClosedUnitInterval(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], got " + value);
        }
    }

    /** A count ≥ 1 (iterations, evaluations, history size): "must be at least 1". */
    public static void atLeastOne(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    /** A period ≥ 1 in epochs or steps (a schedule's T, s, T_0): "must be an integer >= 1". */
    public static void integerAtLeastOne(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be an integer >= 1, got " + value);
        }
    }
}
