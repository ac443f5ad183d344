package dev.myelin.cli;

/**
 * The range check of whole-number options that core's {@link dev.myelin.util.ArgumentChecks} (used for the real-valued
 * ones) has no form for: {@code --epochs must be >= 1, got 0}. Stateless.
 */
final class OptionChecks {

    private OptionChecks() {
    }

    /** {@code value} ≥ {@code minimum}, else an error naming {@code option}. */
    static void atLeast(String option, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(option + " must be >= " + minimum + ", got " + value);
        }
    }
}
