package dev.myelin.backend.spi;

import dev.myelin.backend.Tensor;

/**
 * What {@link Tensor#close()} calls on the backend of an owning tensor: free or pool its storage. Not part of
 * {@link dev.myelin.backend.Backend}, so that a user of a backend cannot release a tensor behind its back; every
 * backend whose tensors own memory implements it. Called on the thread that closes the tensor.
 */
public interface StorageOwner {

    /** Frees or pools the storage of the owning tensor {@code tensor}; its views fail from then on. A no-op for a view. */
    void release(Tensor tensor);
}
