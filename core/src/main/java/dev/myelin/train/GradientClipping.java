package dev.myelin.train;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

/**
 * Gradient clipping before an optimiser step: by value (each element into {@code [−limit, limit]}, in place) and by
 * global norm (PyTorch's {@code clip_grad_norm_}: a device scalar {@code min(1, maxNorm/(‖g‖ + 1e-6))} the optimiser
 * multiplies the gradient by, NaN when the norm is not finite so that the optimiser skips the step). Either is off at 0.
 *
 * <p>Immutable; thread-safe (the tensors it is given are not).
 *
 * @param value   the element limit, or 0 for none
 * @param maxNorm the largest global norm, or 0 for none
 */
record GradientClipping(double value, double maxNorm) {

    /**
     * Clips {@code gradients [1, P]} by value in place and computes the scale for clipping by global norm on the device
     * into {@code gradScale [1, 1]} (through {@code normSquared [1, 1]}); returns the scale, or null (and leaves
     * {@code gradScale} as it was) when the norm is not clipped.
     */
    Tensor apply(Backend backend, Tensor gradients, Tensor normSquared, Tensor gradScale) {
        if (value > 0) {
            backend.clamp(gradients, -value, value);
        }
        if (maxNorm > 0) {
            backend.sumOfSquares(gradients, normSquared);
            backend.clipScale(normSquared, maxNorm, gradScale);
            return gradScale;
        }
        return null;
    }
}
