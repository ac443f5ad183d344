package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A layer bound to a backend: the stateful object made from a {@link LayerSpec}.
 *
 * <p>Activations are {@code [batch, features]}. {@link #forward} returns a tensor owned by the layer
 * (valid until the next forward with the same batch size) and keeps what {@link #backward} needs.
 * Parameters and their gradients are views into the model's flat buffers, handed over by
 * {@link #bind}; {@link #backward} overwrites the parameter gradients.
 *
 * <p>Not thread-safe: a layer keeps scratch tensors and the last pass's inputs; use it only through its model,
 * whose thread-safety rules apply (see {@link dev.myelin.model.Model}).
 */
public abstract class Layer implements AutoCloseable {
    protected final Backend backend;
    protected final int inputWidth;
    protected final int outputWidth;
    protected final Workspace workspace;

    protected Layer(Backend backend, int inputWidth, int outputWidth) {
        this.backend = backend;
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        this.workspace = new Workspace(backend);
    }

    /** Features per sample coming in. */
    public int inputWidth() {
        return inputWidth;
    }

    /** Features per sample going out. */
    public int outputWidth() {
        return outputWidth;
    }

    /** The parameter matrices of this layer, in a fixed order; empty for parameter-free layers. */
    public List<ParameterBlock> parameterBlocks() {
        return List.of();
    }

    /** Writes the initial values of {@code block} into {@code host[offset ..]}. */
    public void initialize(ParameterBlock block, double[] host, int offset, SplittableRandom rng) {
        throw new IllegalStateException(getClass().getSimpleName() + " has no parameter " + block.name());
    }

    /** Receives views of the flat parameter and gradient buffers, one per {@link #parameterBlocks()} entry. */
    public void bind(List<Tensor> parameters, List<Tensor> gradients) {
        if (!parameters.isEmpty()) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no parameters to bind");
        }
    }

    /**
     * Non-trainable state that must be saved with the model, e.g. batch norm's running mean and
     * variance; empty (the default) for layers without such state. The tensors are owned by the layer,
     * live outside the flat parameter and gradient buffers (no optimiser updates them) and keep their
     * identity for the layer's lifetime, so a loader may overwrite them in place.
     */
    public List<NamedTensor> stateTensors() {
        return List.of();
    }

    /** Computes the output for {@code input [batch, inputWidth]}. */
    public abstract Tensor forward(Tensor input, Mode mode);

    /**
     * Back-propagates {@code gradOutput [batch, outputWidth]}: writes the parameter gradients and
     * returns {@code ∂L/∂input [batch, inputWidth]}, or null when {@code needInputGradient} is false
     * (the first layer).
     */
    public abstract Tensor backward(Tensor gradOutput, boolean needInputGradient);

    /** One line for summaries, e.g. {@code dense 64 → 32}. */
    public abstract String describe();

    protected void checkInput(Tensor input) {
        if (input.cols() != inputWidth) {
            throw new IllegalArgumentException(describe() + ": input has " + input.cols() + " features per sample, expected "
                    + inputWidth + " (input shape " + input.shape() + ")");
        }
    }

    @Override
    public void close() {
        workspace.close();
    }
}
