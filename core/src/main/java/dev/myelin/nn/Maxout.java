package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Running form of {@link MaxoutSpec}: a {@link Dense} to {@code units·k} pieces (its blocks {@code W} and
 * {@code b} are this layer's), then the group maximum, remembering which piece won for the backward pass.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class Maxout extends Layer {
    private final MaxoutSpec spec;
    private final Dense pieces;

    Maxout(Backend backend, int inputWidth, MaxoutSpec spec) {
        super(backend, inputWidth, spec.units());
        this.spec = spec;
        this.pieces = new Dense(backend, inputWidth, new DenseSpec(spec.units() * spec.k(), spec.weightInit(), 0.0));
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return pieces.parameterBlocks();
    }

    @Override
    public void initialize(ParameterBlock block, double[] host, int offset, SplittableRandom rng) {
        pieces.initialize(block, host, offset, rng);
    }

    @Override
    public void bind(List<Tensor> parameters, List<Tensor> gradients) {
        pieces.bind(parameters, gradients);
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        Tensor z = pieces.forward(x, mode);
        Tensor out = workspace.get("y", x.rows(), outputWidth);
        backend.maxoutForward(z, spec.k(), out, workspace.get("argmax", x.rows(), outputWidth));
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        int n = gradOutput.rows();
        Tensor gradZ = workspace.get("dz", n, outputWidth * spec.k());
        backend.maxoutBackward(gradOutput, workspace.get("argmax", n, outputWidth), spec.k(), gradZ);
        return pieces.backward(gradZ, needInputGradient);
    }

    @Override
    public String describe() {
        return "maxout " + inputWidth + " → " + outputWidth + " (k " + spec.k() + ", " + spec.weightInit() + ")";
    }

    @Override
    public void close() {
        pieces.close();
        super.close();
    }
}
