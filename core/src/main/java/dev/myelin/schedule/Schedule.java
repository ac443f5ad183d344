package dev.myelin.schedule;

/**
 * A learning-rate schedule: the rate for optimiser step {@code step} (0-based, counted over the whole
 * run) in epoch {@code epoch} (0-based), given the optimiser's base rate η0.
 */
@FunctionalInterface
public interface Schedule {

    /** The learning rate to use; must be finite and > 0. */
    double rate(double baseRate, long step, int epoch);

    /** η0 at every step. */
    static Schedule constant() {
        return (baseRate, step, epoch) -> baseRate;
    }
}
