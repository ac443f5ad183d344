package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

/**
 * Running form of {@link LayerNormSpec}: one kernel forward (saving each row's mean and 1/σ), one backward.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class LayerNorm extends SameWidthLayer {
    private final LayerNormSpec spec;
    private final Parameter gamma;
    private final Parameter beta;
    private final Workspace.Slot mean;
    private final Workspace.Slot invStd;

    LayerNorm(Backend backend, int width, LayerNormSpec spec) {
        super(backend, width);
        this.spec = spec;
        this.gamma = registerConstant("gamma", width, 1.0);
        this.beta = registerConstant("beta", width, 0.0);
        this.mean = workspace.slot(1);
        this.invStd = workspace.slot(1);
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        Tensor out = outputFor(x);
        int n = x.rows();
        backend.layerNormForward(x, gamma.value(), beta.value(), spec.epsilon(), out, mean.rows(n), invStd.rows(n));
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        int n = gradOutput.rows();
        Tensor gradInput = inputGradient(n);
        backend.layerNormBackward(input(), gradOutput, gamma.value(), mean.rows(n), invStd.rows(n), gradInput, gamma.gradient(), beta.gradient());
        return needInputGradient ? gradInput : null;
    }

    @Override
    public String describe() {
        return "layer norm " + inputWidth + " (ε " + spec.epsilon() + ")";
    }
}
