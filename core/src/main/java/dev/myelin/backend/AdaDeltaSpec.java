package dev.myelin.backend;

import dev.myelin.util.ArgumentChecks;

/**
 * The fixed hyper-parameters of {@link OptimiserOperations#adadeltaStep}: built once by the optimiser, reused by every
 * step (the learning rate travels with the step).
 *
 * <p>Immutable and thread-safe.
 *
 * @param rho         decay ρ of both running averages, a finite number (PyTorch's default 0.9)
 * @param epsilon     ε inside both square roots, a finite number (PyTorch's default 1e-6)
 * @param weightDecay coupled L2 coefficient λ, a finite number (default 0)
 */
public record AdaDeltaSpec(double rho, double epsilon, double weightDecay) {
    public AdaDeltaSpec {
        ArgumentChecks.finite("adadeltaStep: rho", rho);
        ArgumentChecks.finite("adadeltaStep: epsilon", epsilon);
        ArgumentChecks.finite("adadeltaStep: weightDecay", weightDecay);
    }
}
