package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

/**
 * Running form of {@link ActivationSpec}: one kernel forward, one backward.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class ActivationLayer extends SameWidthLayer {
    private final Activation activation;
    private Tensor out;

    ActivationLayer(Backend backend, int width, Activation activation) {
        super(backend, width);
        this.activation = activation;
    }

    /** The function this layer applies. */
    public Activation activation() {
        return activation;
    }

    @Override
    public Tensor forward(Tensor input, Mode mode) {
        out = outputFor(input);
        backend.activationForward(activation.kind(), activation.alpha(), input, out);
        return out;
    }

    /** {@link #forward} of {@code input + bias} (row vector), adding the bias into {@code input} in the same call. */
    Tensor forwardAddingBias(Tensor input, Tensor bias) {
        out = outputFor(input);
        backend.addRowVectorActivation(activation.kind(), activation.alpha(), input, bias, out);
        return out;
    }

    /** {@link #backward} (input gradient wanted), writing the column sums of the result into {@code biasGradient} in the same call. */
    Tensor backwardSummingBias(Tensor gradOutput, Tensor biasGradient) {
        Tensor gradZ = inputGradient(gradOutput.rows());
        backend.activationBackwardColumnSums(activation.kind(), activation.alpha(), input(), out, gradOutput, gradZ, biasGradient);
        return gradZ;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        Tensor gradZ = inputGradient(gradOutput.rows());
        backend.activationBackward(activation.kind(), activation.alpha(), input(), out, gradOutput, gradZ);
        return gradZ;
    }

    @Override
    public String describe() {
        return activation.toString() + " " + inputWidth;
    }
}
