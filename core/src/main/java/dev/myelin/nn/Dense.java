package dev.myelin.nn;

import dev.myelin.backend.Tensor;
import dev.myelin.backend.Backend;

import java.util.Arrays;

/**
 * Running form of {@link DenseSpec}: one GEMM and a bias add forward, three GEMM-class calls backward. Its model runs
 * a dense layer and the activation layer after it as a pair ({@link #forward(Tensor, Mode, ActivationLayer)}), so that
 * the backend can add the bias and apply the activation in one pass.
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
        Tensor out = product(x, mode);
        backend.addRowVector(out, bias.value());
        return out;
    }

    /**
     * {@link #forward} followed by {@code next.forward} on its result, with the bias add and the activation in one
     * call ({@link Backend#addRowVectorActivation}): the same bits, one pass fewer over {@code [batch, units]} where
     * the backend fuses them. {@code next} must be the activation layer that follows this one in its model; the
     * result is {@code next}'s output.
     */
    public Tensor forward(Tensor x, Mode mode, ActivationLayer next) {
        return next.forwardAddingBias(product(x, mode), bias.value());
    }

    /** {@code x·W} into the pre-activation; inference uses the backend's batch-invariant GEMM (see {@link Backend#gemmBatchInvariant}). */
    private Tensor product(Tensor x, Mode mode) {
        checkInput(x);
        input = x;
        Tensor out = z.rows(x.rows());
        if (mode.training()) {
            backend.gemm(false, false, 1.0, x, weights.value(), 0.0, out);
        } else {
            backend.gemmBatchInvariant(false, false, 1.0, x, weights.value(), 0.0, out);
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor gradOutput, boolean needInputGradient) {
        backend.columnSums(gradOutput, 0.0, bias.gradient());
        return backwardProducts(gradOutput, needInputGradient);
    }

    /**
     * {@code next.backward} followed by {@link #backward} on its result, with the activation's gradient and the
     * bias gradient in one call ({@link Backend#activationBackwardColumnSums}): the same bits, one pass fewer where
     * the backend fuses them. {@code next} is the layer passed to the last {@link #forward(Tensor, Mode, ActivationLayer)}.
     */
    public Tensor backward(Tensor gradOutput, boolean needInputGradient, ActivationLayer next) {
        return backwardProducts(next.backwardSummingBias(gradOutput, bias.gradient()), needInputGradient);
    }

    /** The weight gradient and, when asked for, the input gradient from ∂L/∂z. */
    private Tensor backwardProducts(Tensor gradZ, boolean needInputGradient) {
        backend.gemm(true, false, 1.0, input, gradZ, 0.0, weights.gradient());
        if (!needInputGradient) {
            return null;
        }
        Tensor gradInput = dx.rows(gradZ.rows());
        backend.gemm(false, true, 1.0, gradZ, weights.value(), 0.0, gradInput);
        return gradInput;
    }

    @Override
    public String describe() {
        return "dense " + inputWidth + " → " + outputWidth + " (" + spec.weightInit() + ")";
    }
}
