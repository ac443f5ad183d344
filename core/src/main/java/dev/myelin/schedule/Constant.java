package dev.myelin.schedule;

/**
 * η(t) = η0 at every step: the optimiser's own rate, unchanged. Command line: {@code constant}.
 *
 * <p>Immutable and thread-safe.
 */
public record Constant() implements Schedule {

    @Override
    public double rate(double baseRate, long step, int epoch) {
        return baseRate;
    }
}
