package dev.myelin.testkit;

/** Reference formulas more than one area of the kit writes out. */
final class Formulas {
    /** SELU's λ (Klambauer et al.). */
    static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    /** SELU's α (Klambauer et al.). */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;

    private Formulas() {
    }

    /** The logistic function {@code 1 / (1 + e^−z)}. */
    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
