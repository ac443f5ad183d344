package dev.myelin.tune;

/**
 * Whether a search looks for the highest score (accuracy) or the lowest (loss).
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum Direction {
    MAXIMIZE, MINIMIZE;

    /** True when {@code a} is strictly better than {@code b}; a non-finite score is worse than any finite one. */
    public boolean better(double a, double b) {
        if (!Double.isFinite(a)) {
            return false;
        }
        if (!Double.isFinite(b)) {
            return true;
        }
        return this == MAXIMIZE ? a > b : a < b;
    }

    /** Orders scores best first (non-finite last). */
    public int compare(double a, double b) {
        return better(a, b) ? -1 : better(b, a) ? 1 : 0;
    }
}
