package dev.myelin.train;

import java.util.Locale;

/**
 * Formats metric values for people: fixed notation ({@code %.4f}) for ordinary magnitudes, scientific ({@code %.4g})
 * for huge or tiny ones, so that a loss of 1e25 prints as {@code 2.408e+25} and not as a 30-digit string. Thread-safe.
 */
public final class Numbers {

    private Numbers() {
    }

    /** {@code value} with four decimals when {@code 1e-3 <= |value| < 1e6} (or 0), else four significant digits. */
    public static String format(double value) {
        return format(value, 4);
    }

    /** {@code value} with {@code decimals} decimals when {@code 1e-3 <= |value| < 1e6} (or 0), else that many significant digits. */
    public static String format(double value, int decimals) {
        double magnitude = Math.abs(value);
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0 || (magnitude >= 1e-3 && magnitude < 1e6)) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        return String.format(Locale.ROOT, "%." + decimals + "g", value);
    }
}
