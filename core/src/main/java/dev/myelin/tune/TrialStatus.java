package dev.myelin.tune;

/**
 * How a trial ended. Only {@link #FAILED} and {@link #DIVERGED} trials have no usable score.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum TrialStatus {
    /** Trained for its whole epoch budget. */
    COMPLETE,
    /** Stopped early by successive halving because its score at a rung was not among the best. */
    PRUNED,
    /** The loss or the score became NaN or infinite. */
    DIVERGED,
    /** The trial threw: a bad setting, an error in training; the message says what. */
    FAILED;

    /** Whether the trial's score can be ranked. */
    public boolean scored() {
        return this == COMPLETE || this == PRUNED;
    }
}
