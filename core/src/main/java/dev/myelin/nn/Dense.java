package dev.myelin.nn;

import dev.myelin.backend.Tensor;
import dev.myelin.backend.Backend;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Running form of {@link DenseSpec}: one GEMM and a bias add forward, three GEMM-class calls backward.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class Dense extends Layer {
    private final DenseSpec spec;
    private Tensor weights;
    private Tensor bias;
    private Tensor weightGrad;
    private Tensor biasGrad;
    private Tensor input;

    Dense(Backend backend, int inputWidth, DenseSpec spec) {
        super(backend, inputWidth, spec.units());
        this.spec = spec;
    }

    @Override
    public List<ParameterBlock> parameterBlocks() {
        return List.of(new ParameterBlock("W", inputWidth, outputWidth, true), new ParameterBlock("b", 1, outputWidth, false));
    }

    @Override
    public void initialize(ParameterBlock block, double[] host, int offset, SplittableRandom rng) {
        switch (block.name()) {
            case "W" -> spec.weightInit().fill(host, offset, inputWidth, outputWidth, rng);
            case "b" -> java.util.Arrays.fill(host, offset, offset + outputWidth, spec.biasInit());
            default -> super.initialize(block, host, offset, rng);
        }
    }

    @Override
    public void bind(List<Tensor> parameters, List<Tensor> gradients) {
        weights = parameters.get(0);
        bias = parameters.get(1);
        weightGrad = gradients.get(0);
        biasGrad = gradients.get(1);
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        input = x;
        Tensor out = workspace.get("z", x.rows(), outputWidth);
        backend.gemm(false, false, 1.0, x, weights, 0.0, out);
        backend.addRowVector(out, bias);
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        backend.gemm(true, false, 1.0, input, gradOutput, 0.0, weightGrad);
        backend.columnSums(gradOutput, 0.0, biasGrad);
        if (!needInputGradient) {
            return null;
        }
        Tensor gradInput = workspace.get("dx", gradOutput.rows(), inputWidth);
        backend.gemm(false, true, 1.0, gradOutput, weights, 0.0, gradInput);
        return gradInput;
    }

    @Override
    public String describe() {
        return "dense " + inputWidth + " → " + outputWidth + " (" + spec.weightInit() + ")";
    }
}
