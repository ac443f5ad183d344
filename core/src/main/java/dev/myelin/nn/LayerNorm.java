package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Running form of {@link LayerNormSpec}: one kernel forward (saving each row's mean and 1/σ), one backward.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class LayerNorm extends Layer {
    private final LayerNormSpec spec;
    private Tensor gamma;
    private Tensor beta;
    private Tensor gradGamma;
    private Tensor gradBeta;
    private Tensor input;

    LayerNorm(Backend backend, int width, LayerNormSpec spec) {
        super(backend, width, width);
        this.spec = spec;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return List.of(new ParameterBlock("gamma", 1, outputWidth, false), new ParameterBlock("beta", 1, outputWidth, false));
    }

    @Override
    public void initialize(ParameterBlock block, double[] host, int offset, SplittableRandom rng) {
        switch (block.name()) {
            case "gamma" -> Arrays.fill(host, offset, offset + outputWidth, 1.0);
            case "beta" -> Arrays.fill(host, offset, offset + outputWidth, 0.0);
            default -> super.initialize(block, host, offset, rng);
        }
    }

    @Override
    public void bind(List<Tensor> parameters, List<Tensor> gradients) {
        gamma = parameters.get(0);
        beta = parameters.get(1);
        gradGamma = gradients.get(0);
        gradBeta = gradients.get(1);
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        input = x;
        int n = x.rows();
        Tensor out = workspace.get("y", n, outputWidth);
        backend.layerNormForward(x, gamma, beta, spec.epsilon(), out, workspace.get("mean", n, 1), workspace.get("invStd", n, 1));
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        int n = gradOutput.rows();
        Tensor gradInput = workspace.get("dx", n, inputWidth);
        backend.layerNormBackward(input, gradOutput, gamma, workspace.get("mean", n, 1), workspace.get("invStd", n, 1), gradInput, gradGamma,
                gradBeta);
        return needInputGradient ? gradInput : null;
    }

    @Override
    public String describe() {
        return "layer norm " + inputWidth + " (ε " + spec.epsilon() + ")";
    }
}
