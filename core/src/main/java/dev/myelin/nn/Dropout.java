package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

/**
 * Running form of {@link DropoutSpec}. In training (p > 0) forward draws the mask for
 * {@code (mode.seed(), mode.step(), index)} and multiplies; backward multiplies the gradient by the same
 * mask. At inference, or with p = 0, both passes hand their argument through unchanged.
 *
 * <p>Not thread-safe: it keeps the last pass's mask; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class Dropout extends SameWidthLayer {
    private final double p;
    private final int index;
    private Tensor mask;

    private final Workspace.Slot maskSlot;

    Dropout(Backend backend, int width, double p, int index) {
        super(backend, width);
        this.p = p;
        this.index = index;
        this.maskSlot = workspace.slot(width);
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** The layer index keying this layer's random stream. */
    public int index() {
        return index;
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        if (!mode.training() || p == 0) {
            checkInput(x);
            mask = null;
            return x;
        }
        Tensor out = outputFor(x);
        mask = maskSlot.rows(x.rows());
        backend.dropoutMask(mode.seed(), mode.step(), index, p, mask);
        backend.multiply(x, mask, out);
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        if (mask == null) {
            return gradOutput;
        }
        Tensor gradInput = inputGradient(gradOutput.rows());
        backend.multiply(gradOutput, mask, gradInput);
        return gradInput;
    }

    @Override
    public String describe() {
        return "dropout " + inputWidth + " (p " + p + ", stream " + index + ")";
    }
}
