package dev.myelin.nn;

import dev.myelin.backend.Tensor;

/**
 * A tensor of a layer's non-trainable state (e.g. batch norm's running mean {@code [1, features]}),
 * with the name it is saved under. The tensor is owned by the layer; the optimiser never sees it.
 *
 * <p>Immutable holder, but the {@link Tensor} it names is not thread-safe: use it on one thread at a time, like
 * its backend.
 *
 * @param name   unique within the layer ({@code runningMean}); a container prefixes its inner layers' names
 * @param tensor the layer's live tensor (read or overwrite it, do not close it)
 */
public record NamedTensor(String name, Tensor tensor) {

    public NamedTensor {
        if (name == null || name.isEmpty() || tensor == null) {
            throw new IllegalArgumentException("a state tensor needs a name and a tensor, got " + name + " and " + tensor);
        }
    }

    /** The same tensor under {@code prefix + name}. */
    public NamedTensor prefixed(String prefix) {
        return new NamedTensor(prefix + name, tensor);
    }
}
