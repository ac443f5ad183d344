package dev.myelin.cuda;

import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.SgdSpec;
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

    void sgd(SgdSpec spec, double learningRate, Tensor params, Tensor grads, Tensor velocity, Tensor gradScale) {
        MomentumForm form = spec.form();
        launcher.elementwise("myelin_sgd_step", params.size(), form.ordinal(), (float) learningRate, (float) spec.momentum(),
                (float) spec.weightDecay(), params, grads, form == MomentumForm.NONE ? null : velocity, gradScale, params.size());
    }

    void adagrad(AdaGradSpec spec, double learningRate, Tensor params, Tensor grads, Tensor sumSquares, Tensor gradScale) {
        launcher.elementwise("myelin_adagrad_step", params.size(), (float) learningRate, (float) spec.epsilon(), (float) spec.weightDecay(),
                params, grads, sumSquares, gradScale, params.size());
    }

    void adadelta(AdaDeltaSpec spec, double learningRate, Tensor params, Tensor grads, Tensor squareAvg, Tensor deltaAvg, Tensor gradScale) {
        launcher.elementwise("myelin_adadelta_step", params.size(), (float) learningRate, (float) spec.rho(), (float) spec.epsilon(),
                (float) spec.weightDecay(), params, grads, squareAvg, deltaAvg, gradScale, params.size());
    }

    void rmsprop(RmsPropSpec spec, double learningRate, Tensor params, Tensor grads, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuffer,
                 Tensor gradScale) {
        launcher.elementwise("myelin_rmsprop_step", params.size(), (float) learningRate, (float) spec.alpha(), (float) spec.epsilon(),
                (float) spec.weightDecay(), (float) spec.momentum(), params, grads, squareAvg, gradAvg, momentumBuffer, gradScale, params.size());
    }

    void adam(AdamSpec spec, double learningRate, double gradCoefficient, double momentCoefficient, double sqrtBiasCorrection2, Tensor params,
              Tensor grads, Tensor m, Tensor v, Tensor gradScale) {
        launcher.elementwise("myelin_adam_step", params.size(), spec.decoupledDecay() ? 1 : 0, (float) learningRate, (float) spec.weightDecay(),
                (float) spec.beta1(), (float) spec.beta2(), (float) spec.epsilon(), (float) gradCoefficient, (float) momentCoefficient,
                (float) sqrtBiasCorrection2, params, grads, m, v, gradScale, params.size());
    }

    /** {@code scale[0] = min(1, maxNorm / sqrt(sumSquares[0]))}, computed on the device (one thread). */
    void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        launcher.launch("myelin_clip_scale", 1, 1, 1, sumSquares, maxNorm, scale);
    }
}
