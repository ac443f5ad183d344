package dev.myelin.train;

import java.util.Map;

/**
 * A stateful part of a training run (a callback such as early stopping, a schedule such as
 * reduce-on-plateau) whose state a checkpoint saves, so that a resumed run continues exactly. The trainer
 * restores the state after {@link Callback#onTrainStart} (which resets it).
 *
 * <p>Thread-safety: called on the training thread only, like {@link Callback}.
 */
public interface Resumable {

    /** Puts this part's state into {@code into} as named arrays of numbers (names unique within the part). */
    void saveState(Map<String, double[]> into);

    /**
     * Restores the state {@link #saveState} wrote.
     *
     * @throws IllegalArgumentException when {@code from} lacks a name or has a wrong length
     */
    void restoreState(Map<String, double[]> from);

    /** The array {@code name} of {@code from}, checked to hold {@code length} numbers. */
    static double[] get(Map<String, double[]> from, String name, int length) {
        double[] v = from.get(name);
        if (v == null || v.length != length) {
            throw new IllegalArgumentException("the saved training state has no " + name + " of " + length + " numbers"
                    + (v == null ? "" : " (it has " + v.length + ")") + "; was it written for another configuration?");
        }
        return v;
    }
}
