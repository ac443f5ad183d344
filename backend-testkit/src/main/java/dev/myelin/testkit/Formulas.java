package dev.myelin.testkit;

/** Reference formulas more than one area of the kit writes out. */
final class Formulas {
    private Formulas() {
    }

    /** The logistic function {@code 1 / (1 + e^−z)}. */
    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
