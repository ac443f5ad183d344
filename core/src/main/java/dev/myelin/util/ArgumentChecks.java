package dev.myelin.util;

import java.util.Arrays;

/**
 * The one way Myelin checks an argument: settings of optimisers, schedules, minimisers, layers, data, augmentation,
 * the command line and the backend operations all call these. Each throws an {@link IllegalArgumentException} whose
 * message names the argument, the accepted range and the value given, in one format:
 * {@code "<name> must be <range>, got <value>"}, e.g. {@code "learning rate must be a finite number > 0, got -1.0"}
 * or {@code "epochs must be >= 1, got 0"}. The name says where the argument belongs (an operation prefixes its own
 * name, {@code "batchNormForwardTraining: epsilon"}; the command line uses the option, {@code "--epochs"}).
 *
 * <p>Stateless; safe to call from any thread.
 */
public final class ArgumentChecks {
    private ArgumentChecks() {
    }

    /** {@code value} present: "must not be null". Returns it. */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
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

    /** {@code value} in [0, 1]. */
    public static void inUnitInterval(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
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

    /** {@code value} finite and ≥ {@code minimum} (a bound set by another argument): "must be a finite number >= minimum". */
    public static void atLeast(String name, double value, double minimum) {
        if (!(value >= minimum) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= " + minimum + ", got " + value);
        }
    }

    /** {@code value} in {@code (low, high]}. */
    public static void inOpenClosedRange(String name, double value, double low, double high) {
        if (!(value > low && value <= high)) {
            throw new IllegalArgumentException(name + " must be in (" + low + ", " + high + "], got " + value);
        }
    }

    /**
     * {@code count} values fill {@code shape} exactly (its dimensions multiplied): "N values do not fill shape [a, b] (M values)".
     */
    public static void fillsShape(String name, long count, long... shape) {
        long expected = 1;
        for (long d : shape) {
            expected *= d;
        }
        if (expected != count) {
            throw new IllegalArgumentException(name + ": " + count + " values do not fill shape " + Arrays.toString(shape) + " ("
                    + expected + " values)");
        }
    }

    /** A count or period at least {@code minimum} (epochs, batch size, iterations, a schedule's T): "must be >= minimum". */
    public static void atLeast(String name, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be >= " + minimum + ", got " + value);
        }
    }
}
