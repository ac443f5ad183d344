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

    /**
     * The status of a trial that ran its whole budget and returned {@code score}: {@link #COMPLETE} when the score
     * is finite, {@link #DIVERGED} when it is NaN or infinite. Every search engine (local threads, Spark tasks)
     * classifies its trials through this, so their tables agree.
     */
    public static TrialStatus ofFinalScore(double score) {
        return Double.isFinite(score) ? COMPLETE : DIVERGED;
    }

    /** The result message of a {@link #DIVERGED} trial whose score became {@code score}. */
    public static String divergedMessage(double score) {
        return "the score became " + score;
    }

    /** The result message of a {@link #FAILED} trial that threw {@code failure}: its class and message. */
    public static String failedMessage(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
