package dev.myelin.testkit;

/** Reference formulas more than one area of the kit writes out. */
final class Formulas {
    private Formulas() {
    }

    /** The logistic function {@code 1 / (1 + e^−z)}. */
    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** {@code log Σ_j e^{v_j}} over {@code v[offset..offset+n)}, with the maximum subtracted first. */
    static double logSumExp(double[] v, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, v[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(v[offset + j] - max);
        }
        return max + Math.log(sum);
    }
}
