package dev.myelin.backend;

import dev.myelin.backend.spi.StorageOwner;

/**
 * A row-major matrix of shape {@code [rows, cols]} living on one backend's device.
 *
 * <p>A tensor either owns its storage (made by {@link Backend#allocate}) or is a view of a
 * contiguous slice of another tensor's storage (made by {@link Backend#view}); closing an
 * owning tensor returns its memory to the backend, closing a view does nothing. Vectors are
 * {@code [1, n]}. The storage handle is opaque to everyone but the owning backend.
 *
 * <p>Not thread-safe: like its {@link Backend}, a tensor is used by one thread at a time.
 */
public final class Tensor implements AutoCloseable {
    private final Backend backend;
    private final Object storage;
    private final long offset;
    private final int rows;
    private final int cols;
    private final boolean owner;
    private boolean closed;

    /**
     * Made by backends only: {@code storage} is the backend's own handle, {@code offset} counts
     * elements from its start.
     */
    public Tensor(Backend backend, Object storage, long offset, int rows, int cols, boolean owner) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("tensor shape must be non-negative, got [" + rows + ", " + cols + "]");
        }
        this.backend = backend;
        this.storage = storage;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.owner = owner;
    }

    /** The backend whose device holds this tensor. */
    public Backend backend() {
        return backend;
    }

    /** Element type, the backend's. */
    public DType dtype() {
        return backend.dtype();
    }

    /** The backend's storage handle; only the owning backend interprets it. */
    public Object storage() {
        ensureOpen();
        return storage;
    }

    /** Offset of element {@code [0, 0]} in the storage, in elements. */
    public long offset() {
        return offset;
    }

    /** Number of rows (the batch dimension for activations). */
    public int rows() {
        return rows;
    }

    /** Number of columns (the feature dimension for activations). */
    public int cols() {
        return cols;
    }

    /** Number of elements, {@code rows * cols}. */
    public int size() {
        return rows * cols;
    }

    /** Whether this tensor owns its storage (as opposed to being a view). */
    public boolean isOwner() {
        return owner;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /** Shape as text, {@code [rows, cols]}, for messages. */
    public String shape() {
        return "[" + rows + ", " + cols + "]";
    }

    /**
     * Frees the storage of an owning tensor; a no-op for views and for a second call. The backend's
     * {@link StorageOwner#release} runs before the tensor is marked closed, so it can still reach
     * {@link #storage()}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (owner && backend instanceof StorageOwner storageOwner) {
                storageOwner.release(this);
            }
        } finally {
            closed = true;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("tensor " + shape() + " on " + backend.name() + " was used after close()");
        }
    }

    @Override
    public String toString() {
        return "Tensor" + shape() + " " + dtype() + " on " + backend.name() + (owner ? "" : " (view)");
    }
}
