package dev.myelin.e2e;

import dev.myelin.loss.Loss;

import java.util.SplittableRandom;

/** Seeded random batches for gradient checks: inputs, and targets of the form a loss expects. */
final class RandomBatch {

    private RandomBatch() {
    }

    /** Uniform values in [−1.5, 1.5), {@code [rows, cols]} row-major. */
    static double[] inputs(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[rows * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1.5, 1.5);
        }
        return x;
    }

    /** Targets suited to {@code loss}: labels, one-hot rows, 0/1 values or real values. */
    static double[] targets(Loss loss, int rows, int outputs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] y = new double[loss.sparseTargets() ? rows : rows * outputs];
        switch (loss.kind()) {
            case SPARSE_CATEGORICAL_CROSS_ENTROPY -> {
                for (int i = 0; i < rows; i++) {
                    y[i] = rng.nextInt(outputs);
                }
            }
            case CATEGORICAL_CROSS_ENTROPY -> {
                for (int i = 0; i < rows; i++) {
                    y[i * outputs + rng.nextInt(outputs)] = 1;
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                for (int i = 0; i < y.length; i++) {
                    y[i] = rng.nextInt(2);
                }
            }
            default -> {
                for (int i = 0; i < y.length; i++) {
                    y[i] = rng.nextDouble(-1, 1);
                }
            }
        }
        return y;
    }
}
