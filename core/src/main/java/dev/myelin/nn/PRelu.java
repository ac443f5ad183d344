package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

/**
 * Running form of {@link PReluSpec}: parameter {@code alpha [1, features]}, the learned slopes.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class PRelu extends SameWidthLayer {
    private final PReluSpec spec;
    private final Parameter alpha;

    PRelu(Backend backend, int width, PReluSpec spec) {
        super(backend, width);
        this.spec = spec;
        this.alpha = registerConstant("alpha", width, spec.alphaInit());
    }

    @Override
    public Tensor forward(Tensor z, Mode mode) {
        Tensor out = outputFor(z);
        backend.preluForward(z, alpha.value(), out);
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        Tensor gradInput = inputGradient(gradOutput.rows());
        backend.preluBackward(input(), alpha.value(), gradOutput, gradInput, alpha.gradient());
        return needInputGradient ? gradInput : null;
    }

    @Override
    public String describe() {
        return "prelu " + inputWidth + " (α from " + spec.alphaInit() + ")";
    }
}
