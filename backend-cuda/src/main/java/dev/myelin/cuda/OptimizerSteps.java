package dev.myelin.cuda;

import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;

/**
 * The fused optimiser steps on the device ({@code optimizers.cu}): one element-wise launch updates a flat
 * parameter slice and its state; operands already checked by {@link CudaBackend}. A null {@code gradScale}
 * is a null pointer (no scaling).
 */
final class OptimizerSteps {
    private final KernelLauncher launcher;

    OptimizerSteps(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    void sgd(MomentumForm form, double learningRate, double momentum, double weightDecay, Tensor params, Tensor grads, Tensor velocity,
             Tensor gradScale) {
        launcher.elementwise("myelin_sgd_step", params.size(), form.ordinal(), (float) learningRate, (float) momentum, (float) weightDecay,
                params, grads, form == MomentumForm.NONE ? null : velocity, gradScale, params.size());
    }

    void adagrad(double learningRate, double epsilon, double weightDecay, Tensor params, Tensor grads, Tensor sumSquares, Tensor gradScale) {
        launcher.elementwise("myelin_adagrad_step", params.size(), (float) learningRate, (float) epsilon, (float) weightDecay, params, grads,
                sumSquares, gradScale, params.size());
    }

    void adadelta(double learningRate, double rho, double epsilon, double weightDecay, Tensor params, Tensor grads, Tensor squareAvg,
                  Tensor deltaAvg, Tensor gradScale) {
        launcher.elementwise("myelin_adadelta_step", params.size(), (float) learningRate, (float) rho, (float) epsilon, (float) weightDecay,
                params, grads, squareAvg, deltaAvg, gradScale, params.size());
    }

    void rmsprop(double learningRate, double alpha, double epsilon, double weightDecay, double momentum, Tensor params, Tensor grads,
                 Tensor squareAvg, Tensor gradAvg, Tensor momentumBuffer, Tensor gradScale) {
        launcher.elementwise("myelin_rmsprop_step", params.size(), (float) learningRate, (float) alpha, (float) epsilon, (float) weightDecay,
                (float) momentum, params, grads, squareAvg, gradAvg, momentumBuffer, gradScale, params.size());
    }

    void adam(boolean decoupledDecay, double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
              double gradCoefficient, double momentCoefficient, double sqrtBiasCorrection2, Tensor params, Tensor grads, Tensor m, Tensor v,
              Tensor gradScale) {
        launcher.elementwise("myelin_adam_step", params.size(), decoupledDecay ? 1 : 0, (float) learningRate, (float) weightDecay,
                (float) beta1, (float) beta2, (float) epsilon, (float) gradCoefficient, (float) momentCoefficient, (float) sqrtBiasCorrection2,
                params, grads, m, v, gradScale, params.size());
    }

    /** {@code scale[0] = min(1, maxNorm / sqrt(sumSquares[0]))}, computed on the device (one thread). */
    void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        launcher.launch("myelin_clip_scale", 1, 1, 1, sumSquares, maxNorm, scale);
    }
}
