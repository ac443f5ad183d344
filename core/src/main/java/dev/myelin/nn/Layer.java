package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer bound to a backend: the stateful object made from a {@link LayerSpec}.
 *
 * <p>Activations are {@code [batch, features]}. {@link #forward} returns a tensor owned by the layer
 * (valid until the next forward) and keeps what {@link #backward} needs. A layer registers its
 * parameters by name ({@link #registerParameter}); its model places them in its flat buffers and attaches
 * views of them; {@link #backward} overwrites the parameter gradients.
 *
 * <p>Not thread-safe: a layer keeps scratch tensors and the last pass's inputs; use it only through its model,
 * whose thread-safety rules apply (see {@link dev.myelin.model.Model}).
 */
public abstract class Layer implements AutoCloseable {
    protected final Backend backend;
    protected final int inputWidth;
    protected final int outputWidth;
    protected final Workspace workspace;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final List<NamedTensor> state = new ArrayList<>();
    private final Map<String, Layer> inner = new LinkedHashMap<>();

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

    /**
     * Registers a trainable parameter {@code [rows, cols]} under {@code name} (unique within the layer: {@code W},
     * {@code b}, {@code gamma} …); its model places it in the flat buffers and attaches its tensors before the first pass.
     *
     * @param regularized whether L1/L2 penalties apply (weights yes, biases and normalisation scales no)
     */
    protected final Parameter registerParameter(String name, int rows, int cols, boolean regularized, Parameter.Initialization init) {
        checkFreeName(name);
        Parameter parameter = new Parameter(new ParameterBlock(name, rows, cols, regularized), init);
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers a parameter {@code [1, width]} (no L1/L2) whose every element starts at {@code value}: a scale, shift or slope. */
    protected final Parameter registerConstant(String name, int width, double value) {
        return registerParameter(name, 1, width, false, (host, offset, rng) -> Arrays.fill(host, offset, offset + width, value));
    }

    /**
     * Registers non-trainable state that must be saved with the model (batch norm's running estimates): a tensor owned
     * by the layer, outside the flat parameter and gradient buffers (no optimiser updates it), which keeps its identity
     * for the layer's lifetime so that a loader may overwrite it in place.
     */
    protected final Tensor registerState(String name, Tensor tensor) {
        checkFreeName(name);
        state.add(new NamedTensor(name, tensor));
        return tensor;
    }

    /**
     * Registers a layer this one runs inside itself: its parameters and state become this layer's, named
     * {@code prefix + name} ({@code "0."} for the first layer of a residual block; {@code ""} when the inner layer's
     * names are this layer's own, as maxout's dense pieces).
     */
    protected final <L extends Layer> L registerLayer(String prefix, L layer) {
        inner.put(prefix, layer);
        return layer;
    }

    private void checkFreeName(String name) {
        if (parameters.containsKey(name) || state.stream().anyMatch(t -> t.name().equals(name))) {
            throw new IllegalStateException(getClass().getSimpleName() + " registers the name " + name + " twice");
        }
    }

    /**
     * The trainable parameters of this layer and of the layers registered inside it, by name (inner layers' names
     * prefixed), in registration order, this layer's own first; empty for parameter-free layers.
     */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> all = new LinkedHashMap<>(parameters);
        inner.forEach((prefix, layer) -> layer.namedParameters().forEach((name, p) -> all.put(prefix + name, p)));
        return Collections.unmodifiableMap(all);
    }

    /**
     * Non-trainable state of this layer and of the layers inside it ({@link #registerState}), named like
     * {@link #namedParameters()}; empty (the default) for layers without such state.
     */
    public final List<NamedTensor> stateTensors() {
        List<NamedTensor> all = new ArrayList<>(state);
        inner.forEach((prefix, layer) -> layer.stateTensors().forEach(t -> all.add(t.prefixed(prefix))));
        return Collections.unmodifiableList(all);
    }

    /** Bytes of scratch memory this layer and the layers inside it hold (see {@link Workspace#bytes()}). */
    public final long workspaceBytes() {
        return workspace.bytes() + inner.values().stream().mapToLong(Layer::workspaceBytes).sum();
    }

    /** Scratch buffers this layer and the layers inside it hold: at most one per scratch tensor, whatever the batch sizes seen. */
    public final int workspaceBufferCount() {
        return workspace.bufferCount() + inner.values().stream().mapToInt(Layer::workspaceBufferCount).sum();
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
        inner.values().forEach(Layer::close);
        workspace.close();
    }
}
