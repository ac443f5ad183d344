package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.util.ArgumentChecks;

/**
 * Inverted dropout: in training each element of {@code x [batch, features]} is dropped (set to 0) with
 * probability p and kept elements are scaled by {@code 1/(1 − p)}, so that inference is the identity.
 * The mask is {@link Backend#dropoutMask} keyed by the {@link Mode}'s seed and step and this layer's
 * index in the model (see {@link LayerSpec#build(Backend, int, int)}): the same seed, step and model
 * give the same mask on every backend, and each step draws a fresh one.
 *
 * <p>Immutable and thread-safe.
 *
 * @param p the drop probability, in [0, 1); 0 makes the layer the identity
 */
public record DropoutSpec(double p) implements SameWidthSpec {

    public DropoutSpec {
        ArgumentChecks.inClosedOpenUnitInterval("dropout rate p (the probability of dropping a unit)", p);
    }

    /** As layer index 0; a model builds it with {@link #build(Backend, int, int)}. */
    @Override
    public Layer build(Backend backend, int inputWidth) {
        return build(backend, inputWidth, 0);
    }

    @Override
    public Layer build(Backend backend, int inputWidth, int index) {
        return new Dropout(backend, inputWidth, p, index);
    }

    @Override
    public String describe() {
        return "dropout:" + p;
    }
}
