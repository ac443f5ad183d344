package dev.myelin.schedule;

/**
 * A learning-rate schedule: the rate for optimiser step {@code step} (0-based, counted over the whole
 * run) in epoch {@code epoch} (0-based), given the optimiser's base rate η0.
 *
 * <p>Every schedule Myelin offers is in this package; {@link Schedules#parse} reads them from the
 * command line.
 *
 * <p>The bundled implementations are immutable and thread-safe, except {@link ReduceOnPlateau}, which holds one
 * run's state.
 */
@FunctionalInterface
public interface Schedule {

    /** The learning rate to use; must be finite and > 0. */
    double rate(double baseRate, long step, int epoch);

    /**
     * Checks, before training, that this schedule gives a usable rate for every step of a run of
     * {@code epochs} epochs of {@code stepsPerEpoch} optimiser steps; throws
     * {@link IllegalArgumentException} naming the setting to change otherwise (e.g. a cosine
     * annealing to 0 whose T ends inside the run, a one-cycle with fewer steps than the run).
     * Nothing to check by default.
     */
    default void checkRun(int epochs, int stepsPerEpoch) {
    }

    /** η0 at every step. */
    static Schedule constant() {
        return new Constant();
    }
}
