package dev.myelin.backend;

import dev.myelin.util.ArgumentChecks;

/**
 * The fixed hyper-parameters of {@link OptimiserOperations#sgdStep}: an optimiser builds one when it starts and
 * hands the same instance to every step (the learning rate, which a schedule changes, travels with the step).
 *
 * <p>Immutable and thread-safe.
 *
 * @param form        how the velocity buffer is used; {@link MomentumForm#NONE} (the default) needs none
 * @param momentum    β of the momentum forms, a finite number (default 0; ignored by {@link MomentumForm#NONE})
 * @param weightDecay coupled L2 coefficient λ added as {@code λ·w} to the scaled gradient, per step in parameter
 *                    units, a finite number (default 0)
 */
public record SgdSpec(MomentumForm form, double momentum, double weightDecay) {
    public SgdSpec {
        ArgumentChecks.notNull("sgdStep: form", form);
        ArgumentChecks.finite("sgdStep: momentum", momentum);
        ArgumentChecks.finite("sgdStep: weightDecay", weightDecay);
    }
}
