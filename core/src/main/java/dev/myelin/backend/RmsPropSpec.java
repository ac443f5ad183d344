package dev.myelin.backend;

import dev.myelin.util.ArgumentChecks;

/**
 * The fixed hyper-parameters of {@link OptimiserOperations#rmspropStep}: built once by the optimiser, reused by every
 * step (the learning rate travels with the step). Whether the step is centred is said by the {@code gradAvg} buffer
 * given to the step, not here.
 *
 * <p>Immutable and thread-safe.
 *
 * @param alpha       smoothing constant α of the running averages, a finite number (PyTorch's default 0.99)
 * @param epsilon     ε added to the root in the denominator, a finite number (default 1e-8)
 * @param weightDecay coupled L2 coefficient λ, a finite number (default 0)
 * @param momentum    μ of the momentum buffer, a finite number (default 0: none; other than 0 the step needs a
 *                    {@code momentumBuffer})
 */
public record RmsPropSpec(double alpha, double epsilon, double weightDecay, double momentum) {
    public RmsPropSpec {
        ArgumentChecks.finite("rmspropStep: alpha", alpha);
        ArgumentChecks.finite("rmspropStep: epsilon", epsilon);
        ArgumentChecks.finite("rmspropStep: weightDecay", weightDecay);
        ArgumentChecks.finite("rmspropStep: momentum", momentum);
    }
}
