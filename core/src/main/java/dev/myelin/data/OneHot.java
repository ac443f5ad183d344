package dev.myelin.data;

import dev.myelin.util.ArgumentChecks;
import java.util.Objects;

/**
 * One-hot encoding of class indices and its inverse (arg-max), on flat row-major arrays.
 *
 * <p>Stateless; thread-safe.
 */
public final class OneHot {
    private OneHot() {
    }

    /**
     * Encodes {@code labels} {@code [n]} as {@code [n, numClasses]} row-major with a 1.0 in each
     * row's label column and 0.0 elsewhere.
     */
    public static double[] encode(int[] labels, int numClasses) {
        Objects.requireNonNull(labels, "labels");
        ArgumentChecks.atLeast("numClasses", numClasses, 2);
        double[] out = new double[labels.length * numClasses];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("label " + c + " at row " + i + " is outside [0, " + numClasses
                        + "); labels must be class indices 0.." + (numClasses - 1));
            }
            out[i * numClasses + c] = 1.0;
        }
        return out;
    }

    /**
     * The arg-max column of each row of {@code scores} {@code [n, numClasses]} row-major: decodes
     * one-hot rows, and turns probabilities or logits into predicted classes. Ties go to the
     * lowest column.
     */
    public static int[] argmax(double[] scores, int numClasses) {
        Objects.requireNonNull(scores, "scores");
        if (numClasses < 1 || scores.length % numClasses != 0) {
            throw new IllegalArgumentException("scores length " + scores.length + " is not a multiple of numClasses "
                    + numClasses);
        }
        int n = scores.length / numClasses;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int base = i * numClasses;
            int best = 0;
            for (int c = 1; c < numClasses; c++) {
                if (scores[base + c] > scores[base + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
