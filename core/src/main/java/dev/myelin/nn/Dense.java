package dev.myelin.nn;

import dev.myelin.backend.Tensor;
import dev.myelin.backend.Backend;

import java.util.Arrays;

/**
 * Running form of {@link DenseSpec}: one GEMM and a bias add forward, three GEMM-class calls backward.
 *
 * <p>Not thread-safe: it keeps the last pass's tensors; use it only through its model, whose thread-safety rules
 * apply (see {@link dev.myelin.model.Model}).
 */
public final class Dense extends Layer {
    private final DenseSpec spec;
    private final Parameter weights;
    private final Parameter bias;
    private final Workspace.Slot z;
    private final Workspace.Slot dx;
    private Tensor input;

    Dense(Backend backend, int inputWidth, DenseSpec spec) {
        super(backend, inputWidth, spec.units());
        this.spec = spec;
        this.weights = registerParameter("W", inputWidth, outputWidth, true,
                (host, offset, rng) -> spec.weightInit().fill(host, offset, inputWidth, outputWidth, rng));
        this.bias = registerParameter("b", 1, outputWidth, false,
                (host, offset, rng) -> Arrays.fill(host, offset, offset + outputWidth, spec.biasInit()));
        this.z = workspace.slot(outputWidth);
        this.dx = workspace.slot(inputWidth);
    }

    @Override
    public Tensor forward(Tensor x, Mode mode) {
        checkInput(x);
        input = x;
        Tensor out = z.rows(x.rows());
        backend.gemm(false, false, 1.0, x, weights.value(), 0.0, out);
        backend.addRowVector(out, bias.value());
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        backend.gemm(true, false, 1.0, input, gradOutput, 0.0, weights.gradient());
        backend.columnSums(gradOutput, 0.0, bias.gradient());
        if (!needInputGradient) {
            return null;
        }
        Tensor gradInput = dx.rows(gradOutput.rows());
        backend.gemm(false, true, 1.0, gradOutput, weights.value(), 0.0, gradInput);
        return gradInput;
    }

    @Override
    public String describe() {
        return "dense " + inputWidth + " → " + outputWidth + " (" + spec.weightInit() + ")";
    }
}
