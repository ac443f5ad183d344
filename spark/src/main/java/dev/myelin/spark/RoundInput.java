package dev.myelin.spark;

import java.io.Serializable;
import java.util.HashMap;

/**
 * What the driver broadcasts at the start of a round: the averaged parameters {@code [P]}, model state (batch-norm
 * running estimates) {@code [S]} and optimiser state with its step counter, where each partition stands (empty in the
 * first round: every partition starts afresh), and how many mini-batches each partition trains in this round.
 */
record RoundInput(double[] parameters, double[] modelState, double[] optimizerState, long optimizerSteps,
                  HashMap<Integer, PartitionPosition> positions, int steps) implements Serializable {

    /** The same input for a round of {@code steps} mini-batches per partition. */
    RoundInput withSteps(int steps) {
        return new RoundInput(parameters, modelState, optimizerState, optimizerSteps, positions, steps);
    }

    /** Bytes of numbers the round sends to each executor. */
    long bytes() {
        return 8L * (parameters.length + modelState.length + optimizerState.length);
    }
}
