package dev.myelin.schedule;

/**
 * What a schedule's time t counts: epochs ({@link #EPOCH}, the default, as PyTorch's schedulers are
 * usually stepped once per epoch) or optimiser steps ({@link #STEP}, counted from 0 over the whole
 * run). Written {@code per=epoch} or {@code per=step} on the command line.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum Per {
    EPOCH,
    STEP;

    /** t for optimiser step {@code step} (0-based, whole run) in epoch {@code epoch} (0-based). */
    public long t(long step, int epoch) {
        return this == EPOCH ? epoch : step;
    }

    /** The last t of a run of {@code epochs} epochs of {@code stepsPerEpoch} optimiser steps. */
    public long last(int epochs, int stepsPerEpoch) {
        return this == EPOCH ? epochs - 1L : (long) epochs * stepsPerEpoch - 1;
    }

    /** "epochs" or "steps", for messages. */
    public String units() {
        return this == EPOCH ? "epochs" : "steps";
    }

    /** "epoch" or "step", as written after {@code per=}. */
    public String key() {
        return this == EPOCH ? "epoch" : "step";
    }

    /** Refuses a missing {@code per}: {@code schedule} names the schedule in the message. */
    static void requireGiven(String schedule, Per per) {
        if (per == null) {
            throw new IllegalArgumentException(schedule + " per must be EPOCH or STEP, got null");
        }
    }
}
