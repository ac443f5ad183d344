package dev.myelin.cuda;

import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.Tensor;

/**
 * Batch and layer normalisation on the device ({@code layers.cu}); operands already checked by
 * {@link CudaBackend}. Batch norm works by columns (a block owns 32 whole features), layer norm by rows.
 */
final class Normalisation {
    private final KernelLauncher launcher;

    Normalisation(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    void batchNormForwardTraining(BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, Tensor out,
                                  Tensor savedMean, Tensor savedInvStd) {
        launcher.columns("myelin_batch_norm_forward_training", x.cols(), x, gamma, beta, (float) spec.epsilon(), (float) spec.momentum(), runningMean,
                runningVar, out, savedMean, savedInvStd, x.rows(), x.cols());
    }

    void batchNormForwardInference(BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, Tensor out) {
        launcher.elementwise("myelin_batch_norm_forward_inference", x.size(), x, gamma, beta, (float) spec.epsilon(), runningMean, runningVar, out,
                x.rows(), x.cols());
    }

    void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                           Tensor gradBeta) {
        launcher.columns("myelin_batch_norm_backward", x.cols(), x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta,
                x.rows(), x.cols());
    }

    void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        launcher.rows("myelin_layer_norm_forward", x.rows(), x, gamma, beta, (float) epsilon, out, savedMean, savedInvStd, x.rows(), x.cols());
    }

    /** Two launches: gradX one warp per row, then gradGamma/gradBeta by columns (zeroed when there are no rows). */
    void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                           Tensor gradBeta) {
        launcher.rows("myelin_layer_norm_backward", x.rows(), x, gradOut, gamma, savedMean, savedInvStd, gradX, x.rows(), x.cols());
        launcher.launch("myelin_layer_norm_backward_params", LaunchGeometry.columnGrid(x.cols()), LaunchGeometry.COL_X, LaunchGeometry.COL_Y,
                x, gradOut, savedMean, savedInvStd, gradGamma, gradBeta, x.rows(), x.cols());
    }
}
