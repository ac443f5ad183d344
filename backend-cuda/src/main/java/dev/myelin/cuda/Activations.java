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

    /** {@code z += bias} row by row, then {@code out = f(z)}: one element-wise launch; not for softmax. */
    void addRowVectorForward(ActivationKind kind, double alpha, Tensor z, Tensor bias, Tensor out) {
        launcher.elementwise("myelin_add_row_vector_activation", z.size(), kind.ordinal(), (float) alpha, z, bias, out, z.rows(), z.cols());
    }

    /**
     * {@code gradZ = gradOut · f'(z)}, then {@code biasGradient} its column sums: one column launch (a block owns 32
     * whole columns, sums in double in the column-sum order); not for softmax.
     */
    void backwardColumnSums(ActivationKind kind, double alpha, Tensor z, Tensor gradOut, Tensor gradZ, Tensor biasGradient) {
        launcher.columns("myelin_activation_backward_column_sums", z.cols(), kind.ordinal(), (float) alpha, z, gradOut, gradZ, biasGradient,
                z.rows(), z.cols());
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
