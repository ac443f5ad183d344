package dev.myelin.nn;

import dev.myelin.backend.Backend;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A residual (skip) connection around a block of layers: {@code y = x + F(x)}, where F is the given
 * layers in order. Layers inside F may change the width (a bottleneck), but F must map the block's
 * input width back to itself. The inner layers' parameters live in the model's flat buffers like any
 * other layer's, under the names {@code <position in the block>.<name>} (e.g. {@code 0.W}).
 *
 * <p>Immutable (the layer list is copied) and thread-safe.
 *
 * @param layers F's layers, first to last; at least one
 */
public record ResidualSpec(List<LayerSpec> layers) implements LayerSpec {

    public ResidualSpec {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a residual block needs at least one layer inside it");
        }
        if (layers.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("a residual block's layers must not be null, got " + layers);
        }
        layers = List.copyOf(layers);
    }

    /**
     * {@code inputWidth}, after checking that F keeps it.
     *
     * @throws IllegalArgumentException naming both widths when F changes the width
     */
    @Override
    public int outputWidth(int inputWidth) {
        int width = inputWidth;
        for (LayerSpec layer : layers) {
            width = layer.outputWidth(width);
        }
        if (width != inputWidth) {
            throw new IllegalArgumentException("residual block " + describe() + ": its layers map " + inputWidth + " features to " + width
                    + ", but the skip connection x + F(x) needs F to give back as many features as come in (" + inputWidth + ")");
        }
        return inputWidth;
    }

    /** The parameters of the layers inside F. */
    @Override
    public long parameterCount(int inputWidth) {
        return LayerSpec.parameterCount(layers, inputWidth);
    }

    /** As layer index 0; a model builds it with {@link #build(Backend, int, int)}. */
    @Override
    public Layer build(Backend backend, int inputWidth) {
        return build(backend, inputWidth, 0);
    }

    /** The block takes {@code index}; its layers take the following indices, depth first. */
    @Override
    public Layer build(Backend backend, int inputWidth, int index) {
        outputWidth(inputWidth);
        return new Residual(backend, inputWidth, this, index);
    }

    @Override
    public int indexSpan() {
        return 1 + layers.stream().mapToInt(LayerSpec::indexSpan).sum();
    }

    @Override
    public String describe() {
        return "residual[" + layers.stream().map(LayerSpec::describe).collect(Collectors.joining("; ")) + "]";
    }
}
