package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;


/**
 * Running form of {@link MaxoutSpec}: a {@link Dense} to {@code units·k} pieces (its parameters {@code W} and
 * {@code b} are this layer's), then the group maximum, remembering which piece won for the backward pass.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class Maxout extends Layer {
    private final MaxoutSpec spec;
    private final Dense pieces;
    private final Workspace.Slot y;
    private final Workspace.Slot argmax;
    private final Workspace.Slot dz;

    Maxout(Backend backend, int inputWidth, MaxoutSpec spec) {
        super(backend, inputWidth, spec.units());
        this.spec = spec;
        this.pieces = registerLayer("", new Dense(backend, inputWidth, new DenseSpec(spec.units() * spec.k(), spec.weightInit(), 0.0)));
        this.y = workspace.slot(outputWidth);
        this.argmax = workspace.int32Slot(outputWidth);
        this.dz = workspace.slot(outputWidth * spec.k());
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        Tensor z = pieces.forward(x, mode);
        Tensor out = y.rows(x.rows());
        backend.maxoutForward(z, spec.k(), out, argmax.rows(x.rows()));
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        int n = gradOutput.rows();
        Tensor gradZ = dz.rows(n);
        backend.maxoutBackward(gradOutput, argmax.rows(n), spec.k(), gradZ);
        return pieces.backward(gradZ, needInputGradient);
    }

    @Override
    public String describe() {
        return "maxout " + inputWidth + " → " + outputWidth + " (k " + spec.k() + ", " + spec.weightInit() + ")";
    }
}
