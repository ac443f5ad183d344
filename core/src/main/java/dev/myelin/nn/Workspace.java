package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-layer scratch tensors kept across steps, keyed by name and batch size, so that a training
 * step allocates nothing once every batch size of an epoch (full and last partial) has been seen.
 *
 * <p>Not thread-safe: it caches scratch tensors of one backend, used by one thread at a time.
 */
public final class Workspace implements AutoCloseable {
    private final Backend backend;
    private final Map<String, Tensor> tensors = new HashMap<>();

    public Workspace(Backend backend) {
        this.backend = backend;
    }

    /** The tensor {@code name} of shape {@code [rows, cols]}, allocated on first use (zero-filled). */
    public Tensor get(String name, int rows, int cols) {
        String key = name + "/" + rows + "x" + cols;
        Tensor t = tensors.get(key);
        if (t == null) {
            t = backend.allocate(rows, cols);
            tensors.put(key, t);
        }
        return t;
    }

    /** Number of tensors held (for tests of the allocation behaviour). */
    public int size() {
        return tensors.size();
    }

    @Override
    public void close() {
        tensors.values().forEach(Tensor::close);
        tensors.clear();
    }
}
