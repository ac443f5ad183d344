package dev.myelin.testkit;

/**
 * Per-column sums of row-major {@code [rows, cols]} host values in float64, summed in row order: the reference of
 * {@code columnSums}, of the batch-norm mean and of the γ and β gradients of the normalisation layers.
 */
final class ColumnSums {
    private ColumnSums() {
    }

    /** {@code Σ_i x[i, j] / divisor} for every column j: sums (divisor 1) or means (divisor {@code rows}). */
    static double[] of(double[] x, int rows, int cols, double divisor) {
        double[] sums = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                sums[j] += x[i * cols + j] / divisor;
            }
        }
        return sums;
    }

    /** {@code Σ_i |x[i, j]|} for every column j: the magnitude of the terms of a column sum. */
    static double[] ofAbs(double[] x, int rows, int cols) {
        double[] abs = new double[x.length];
        for (int e = 0; e < x.length; e++) {
            abs[e] = Math.abs(x[e]);
        }
        return of(abs, rows, cols, 1);
    }
}
