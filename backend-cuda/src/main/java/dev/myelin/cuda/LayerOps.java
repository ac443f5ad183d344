package dev.myelin.cuda;

import dev.myelin.backend.Tensor;

/**
 * The element-wise layer operations on the device: clamp, multiply, the dropout mask, PReLU and maxout
 * ({@code elementwise.cu}, {@code dropout.cu}, {@code layers.cu}); operands already checked by {@link CudaBackend}.
 */
final class LayerOps {
    private final KernelLauncher launcher;
    private final DeviceStatus status;

    LayerOps(KernelLauncher launcher, DeviceStatus status) {
        this.launcher = launcher;
        this.status = status;
    }

    void clamp(Tensor x, double lo, double hi) {
        launcher.elementwise("myelin_clamp", x.size(), x, (float) lo, (float) hi, x.size());
    }

    void multiply(Tensor a, Tensor b, Tensor out) {
        launcher.elementwise("myelin_multiply", a.size(), a, b, out, a.size());
    }

    /** One thread per Philox block of 4 elements. */
    void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        int n = mask.size();
        if (n > 0) {
            launcher.launch("myelin_dropout_mask", LaunchGeometry.dropoutGrid(n), LaunchGeometry.BLOCK, 1, seed, step, layer, p, mask, n);
        }
    }

    void preluForward(Tensor z, Tensor alpha, Tensor out) {
        launcher.elementwise("myelin_prelu_forward", z.size(), z, alpha, out, z.rows(), z.cols());
    }

    /** By columns: a block owns 32 whole α gradients. */
    void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        launcher.columns("myelin_prelu_backward", z.cols(), z, alpha, gradOut, gradZ, gradAlpha, z.rows(), z.cols());
    }

    void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        launcher.elementwise("myelin_maxout_forward", out.size(), z, k, out, argmax, out.rows(), out.cols());
    }

    /** An arg-max outside {@code [0, k)} routes no gradient and is reported in the {@link DeviceStatus}. */
    void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        launcher.elementwise("myelin_maxout_backward", gradOut.size(), gradOut, argmax, k, gradZ, gradOut.rows(), gradOut.cols(),
                status.pointer(DeviceStatus.Record.BAD_MAXOUT_ARGMAX));
    }
}
