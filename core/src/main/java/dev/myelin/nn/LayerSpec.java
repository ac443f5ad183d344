package dev.myelin.nn;

import dev.myelin.backend.Backend;

/**
 * The configuration of a layer, independent of any backend: what the builder records, what a model
 * file stores, and what {@link #build} turns into a running {@link Layer}.
 *
 * <p>The bundled implementations are immutable records and thread-safe; the {@link Layer} each one builds is not.
 */
public interface LayerSpec {

    /** Output features for {@code inputWidth} input features. */
    int outputWidth(int inputWidth);

    /** A running layer on {@code backend}, as layer index 0 (see {@link #build(Backend, int, int)}). */
    Layer build(Backend backend, int inputWidth);

    /**
     * A running layer on {@code backend} that is layer number {@code index} of its model. The index is
     * the layer's position in a depth-first walk of the model's specs (so the i-th layer of a model
     * without containers has index i; a container takes {@link #indexSpan()} indices, its own first).
     * Stochastic layers key their random streams by it (dropout: the {@code layer} word of
     * {@link dev.myelin.random.DropoutStream}), so that masks differ between layers and are the same on
     * every backend. The default ignores the index.
     */
    default Layer build(Backend backend, int inputWidth, int index) {
        return build(backend, inputWidth);
    }

    /**
     * Trainable parameters of this layer for {@code inputWidth} input features, counted in {@code long} so that
     * a very wide layer reports its true size instead of overflowing; 0 for layers without parameters (the
     * default). A model checks this count against the blocks its layers declare.
     */
    default long parameterCount(int inputWidth) {
        return 0;
    }

    /** How many layer indices this spec takes: 1, or for a container 1 + those of the layers inside it. */
    default int indexSpan() {
        return 1;
    }

    /** Text form for summaries and model files, e.g. {@code dense:64:he_normal}. */
    String describe();

    /** Trainable parameters of {@code layers} applied in order to an input {@code inputWidth} wide, counted in {@code long}. */
    static long parameterCount(java.util.List<? extends LayerSpec> layers, int inputWidth) {
        long count = 0;
        int width = inputWidth;
        for (LayerSpec layer : layers) {
            count += layer.parameterCount(width);
            width = layer.outputWidth(width);
        }
        return count;
    }
}
