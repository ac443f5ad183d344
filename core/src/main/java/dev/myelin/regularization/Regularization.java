package dev.myelin.regularization;

import dev.myelin.util.ArgumentChecks;

/**
 * L1 and L2 penalties added to the training objective, on the weights only unless
 * {@code includeBiases}. With W the penalised parameters and m the batch size:
 * <ul>
 *   <li>{@link L2Form#PLAIN} (default, as Keras' {@code l2(λ)}): {@code λ2·‖W‖²}, gradient {@code 2·λ2·W}</li>
 *   <li>{@link L2Form#HALF_OVER_BATCH} (the textbook form, scaled by the batch): {@code λ2/(2m)·‖W‖²}, gradient {@code (λ2/m)·W}</li>
 *   <li>L1: {@code λ1·‖W‖₁}, gradient {@code λ1·sign(W)} (0 at 0)</li>
 * </ul>
 * The penalty is part of the reported loss and of what {@link dev.myelin.gradcheck.GradientChecker} checks.
 * For decoupled weight decay use AdamW instead.
 *
 * <p>Immutable and thread-safe.
 *
 * @param l1            λ1 ≥ 0
 * @param l2            λ2 ≥ 0
 * @param form          which L2 form
 * @param includeBiases penalise biases and normalisation parameters too (default false)
 */
public record Regularization(double l1, double l2, L2Form form, boolean includeBiases) {

    /** How the L2 penalty is scaled. */
    public enum L2Form {
        /** {@code λ‖W‖²}. */
        PLAIN,
        /** {@code λ/(2m)·‖W‖²}, m the batch size. */
        HALF_OVER_BATCH
    }

    public Regularization {
        ArgumentChecks.nonNegative("L1 coefficient", l1);
        ArgumentChecks.nonNegative("L2 coefficient", l2);
        ArgumentChecks.notNull("L2 form", form);
    }

    /** No penalty. */
    public static Regularization none() {
        return new Regularization(0, 0, L2Form.PLAIN, false);
    }

    /** {@code λ‖W‖²} on the weights. */
    public static Regularization l2(double lambda) {
        return new Regularization(0, lambda, L2Form.PLAIN, false);
    }

    /** {@code λ‖W‖₁} on the weights. */
    public static Regularization l1(double lambda) {
        return new Regularization(lambda, 0, L2Form.PLAIN, false);
    }

    /** Both penalties on the weights. */
    public static Regularization l1l2(double l1, double l2) {
        return new Regularization(l1, l2, L2Form.PLAIN, false);
    }

    public Regularization withForm(L2Form newForm) {
        return new Regularization(l1, l2, newForm, includeBiases);
    }

    public Regularization withBiases(boolean include) {
        return new Regularization(l1, l2, form, include);
    }

    /** Whether any penalty applies. */
    public boolean active() {
        return l1 > 0 || l2 > 0;
    }

    /** The factor c of the L2 gradient {@code c·W} for a batch of {@code m} samples. */
    public double l2GradientFactor(int m) {
        return form == L2Form.PLAIN ? 2 * l2 : l2 / m;
    }

    /** The factor c of the L2 penalty {@code c·‖W‖²} for a batch of {@code m} samples. */
    public double l2PenaltyFactor(int m) {
        return form == L2Form.PLAIN ? l2 : l2 / (2.0 * m);
    }

    @Override
    public String toString() {
        if (!active()) {
            return "none";
        }
        return "l1=" + l1 + ", l2=" + l2 + (form == L2Form.HALF_OVER_BATCH ? " (λ/2m form)" : "") + (includeBiases ? ", biases too" : "");
    }
}
