package dev.myelin.nn;

import dev.myelin.backend.Backend;

/**
 * The configuration of a layer, independent of any backend: what the builder records, what a model
 * file stores, and what {@link #build} turns into a running {@link Layer}.
 */
public interface LayerSpec {

    /** Output features for {@code inputWidth} input features. */
    int outputWidth(int inputWidth);

    /** A running layer on {@code backend}. */
    Layer build(Backend backend, int inputWidth);

    /** Text form for summaries and model files, e.g. {@code dense:64:he_normal}. */
    String describe();
}
