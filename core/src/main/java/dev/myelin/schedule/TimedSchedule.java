package dev.myelin.schedule;

/**
 * A schedule whose rate is a function of η0 and one time t, counted in epochs or optimiser steps as
 * {@link #per()} says. A {@link LinearWarmup} shifts t for the schedule after it.
 *
 * <p>The bundled implementations are immutable and thread-safe.
 */
public interface TimedSchedule extends Schedule {

    /** What t counts. */
    Per per();

    /** The rate at time t ≥ 0 for base rate η0. */
    double rateAt(double baseRate, long t);

    /**
     * Throws {@link IllegalArgumentException} if some t in [0, lastT] would give a rate that is not
     * > 0 or is undefined; nothing to check by default.
     */
    default void checkHorizon(long lastT) {
    }

    @Override
    default double rate(double baseRate, long step, int epoch) {
        return rateAt(baseRate, per().t(step, epoch));
    }

    @Override
    default void checkRun(int epochs, int stepsPerEpoch) {
        checkHorizon(per().last(epochs, stepsPerEpoch));
    }
}
