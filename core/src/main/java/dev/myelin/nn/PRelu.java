package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Running form of {@link PReluSpec}: parameter block {@code alpha [1, features]}.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class PRelu extends Layer {
    private final PReluSpec spec;
    private Tensor alpha;
    private Tensor gradAlpha;
    private Tensor input;

    PRelu(Backend backend, int width, PReluSpec spec) {
        super(backend, width, width);
        this.spec = spec;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return List.of(new ParameterBlock("alpha", 1, outputWidth, false));
    }

    @Override
    public void initialize(ParameterBlock block, double[] host, int offset, SplittableRandom rng) {
        if (!block.name().equals("alpha")) {
            super.initialize(block, host, offset, rng);
            return;
        }
        Arrays.fill(host, offset, offset + outputWidth, spec.alphaInit());
    }

    @Override
    public void bind(List<Tensor> parameters, List<Tensor> gradients) {
        alpha = parameters.get(0);
        gradAlpha = gradients.get(0);
    }

    @Override
    public Tensor forward(Tensor z, Mode mode) {
        checkInput(z);
        input = z;
        Tensor out = workspace.get("y", z.rows(), outputWidth);
        backend.preluForward(z, alpha, out);
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        Tensor gradInput = workspace.get("dz", gradOutput.rows(), inputWidth);
        backend.preluBackward(input, alpha, gradOutput, gradInput, gradAlpha);
        return needInputGradient ? gradInput : null;
    }

    @Override
    public String describe() {
        return "prelu " + inputWidth + " (α from " + spec.alphaInit() + ")";
    }
}
