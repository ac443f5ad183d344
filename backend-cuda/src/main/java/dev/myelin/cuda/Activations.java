package dev.myelin.cuda;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Tensor;

/** Activation forward and backward on the device ({@code activations.cu}); operands already checked by {@link CudaBackend}. */
final class Activations {
    private final KernelLauncher launcher;

    Activations(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** Softmax row by row (a warp per row), every other kind element-wise; {@code out} and {@code z} have one shape. */
    void forward(ActivationKind kind, double alpha, Tensor z, Tensor out) {
        if (z.size() == 0) {
            return;
        }
        if (kind == ActivationKind.SOFTMAX) {
            launcher.rows("myelin_softmax_forward", z.rows(), z, out, z.rows(), z.cols());
        } else {
            launcher.elementwise("myelin_activation_forward", z.size(), kind.ordinal(), (float) alpha, z, out, z.size());
        }
    }

    void backward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ) {
        if (z.size() == 0) {
            return;
        }
        if (kind == ActivationKind.SOFTMAX) {
            launcher.rows("myelin_softmax_backward", z.rows(), out, gradOut, gradZ, z.rows(), z.cols());
        } else {
            launcher.elementwise("myelin_activation_backward", z.size(), kind.ordinal(), (float) alpha, z, gradOut, gradZ, z.size());
        }
    }
}
