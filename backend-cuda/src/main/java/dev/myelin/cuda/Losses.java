package dev.myelin.cuda;

import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;
import jcuda.driver.CUdeviceptr;

/**
 * Losses and metrics on the device ({@code losses.cu}); operands already checked by {@link CudaBackend}. A
 * sparse target that is no class index makes its row NaN and is reported in the {@link DeviceStatus}, which
 * the backend reads at its next synchronisation.
 */
final class Losses {
    private final KernelLauncher launcher;
    private final DeviceStatus status;

    Losses(KernelLauncher launcher, DeviceStatus status) {
        this.launcher = launcher;
        this.status = status;
    }

    /** The status record of a sparse target that is no class index. */
    private CUdeviceptr badClass() {
        return status.pointer(DeviceStatus.Record.BAD_CLASS);
    }

    /** {@code lossSum[0] += Σ ℓ}: one block, deterministic. */
    void forward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum) {
        if (output.rows() > 0) {
            launcher.singleBlock("myelin_loss_forward", loss.kind().ordinal(), loss.fromLogits() ? 1 : 0, (float) loss.delta(),
                    (float) loss.labelSmoothing(), output, target, output.rows(), output.cols(), lossSum, badClass());
        }
    }

    void backward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
        if (output.size() > 0) {
            launcher.rows("myelin_loss_backward", output.rows(), loss.kind().ordinal(), loss.fromLogits() ? 1 : 0, (float) loss.delta(),
                    (float) loss.labelSmoothing(), output, target, (float) scale, grad, output.rows(), output.cols(), badClass());
        }
    }

    /** {@code counter[0] +=} the rows predicted right: a warp per row, one integer atomic add per block. */
    void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter) {
        if (output.rows() > 0) {
            launcher.rows("myelin_count_correct", output.rows(), output, target, output.rows(), output.cols(), target.cols(),
                    (float) threshold, counter);
        }
    }

    void argmaxRows(Tensor output, Tensor predicted) {
        launcher.rows("myelin_argmax_rows", output.rows(), output, predicted, output.rows(), output.cols());
    }
}
