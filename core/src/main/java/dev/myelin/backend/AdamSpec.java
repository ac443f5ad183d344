package dev.myelin.backend;

import dev.myelin.util.ArgumentChecks;

/**
 * The fixed hyper-parameters of the Adam family's step {@link OptimiserOperations#adamStep} (Adam, AdamW, NAdam):
 * built once by the optimiser, reused by every step. What changes from step to step (the learning rate and the
 * host's bias-correction coefficients) travels with the step.
 *
 * <p>Immutable and thread-safe.
 *
 * @param decoupledDecay true for AdamW's decoupled decay {@code w ← w·(1 − η·λ)}, false for coupled L2 decay
 *                       ({@code λ·w} added to the scaled gradient; the default)
 * @param beta1          decay β1 of the first moment, a finite number (default 0.9)
 * @param beta2          decay β2 of the second moment, a finite number (default 0.999)
 * @param epsilon        ε added to the bias-corrected root of the second moment, a finite number (default 1e-8)
 * @param weightDecay    decay coefficient λ, a finite number (default 0)
 */
public record AdamSpec(boolean decoupledDecay, double beta1, double beta2, double epsilon, double weightDecay) {
    public AdamSpec {
        ArgumentChecks.finite("adamStep: beta1", beta1);
        ArgumentChecks.finite("adamStep: beta2", beta2);
        ArgumentChecks.finite("adamStep: epsilon", epsilon);
        ArgumentChecks.finite("adamStep: weightDecay", weightDecay);
    }
}
