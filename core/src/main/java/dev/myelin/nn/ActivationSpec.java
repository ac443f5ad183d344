package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.util.ArgumentChecks;

/**
 * An activation applied element-wise (softmax: row-wise); keeps the width.
 *
 * <p>Immutable and thread-safe.
 */
public record ActivationSpec(Activation activation) implements SameWidthSpec {

    public ActivationSpec {
        ArgumentChecks.notNull("activation", activation);
    }

    @Override
    public Layer build(Backend backend, int inputWidth) {
        return new ActivationLayer(backend, inputWidth, activation);
    }

    @Override
    public String describe() {
        return "activation:" + activation;
    }
}
