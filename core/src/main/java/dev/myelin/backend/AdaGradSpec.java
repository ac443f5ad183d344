package dev.myelin.backend;

import dev.myelin.util.ArgumentChecks;

/**
 * The fixed hyper-parameters of {@link OptimiserOperations#adagradStep}: built once by the optimiser, reused by every
 * step (the learning rate travels with the step).
 *
 * <p>Immutable and thread-safe.
 *
 * @param epsilon     ε added to {@code √G} in the denominator, a finite number (PyTorch's default 1e-10)
 * @param weightDecay coupled L2 coefficient λ, a finite number (default 0)
 */
public record AdaGradSpec(double epsilon, double weightDecay) {
    public AdaGradSpec {
        ArgumentChecks.finite("adagradStep: epsilon", epsilon);
        ArgumentChecks.finite("adagradStep: weightDecay", weightDecay);
    }
}
