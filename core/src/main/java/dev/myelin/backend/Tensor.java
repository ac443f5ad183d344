package dev.myelin.backend;

import dev.myelin.backend.spi.StorageOwner;
import dev.myelin.backend.spi.Tensors;

/**
 * A row-major matrix of shape {@code [rows, cols]} living on one backend's device. Its element type is the backend's
 * compute type ({@link Backend#dtype()}), or {@link DType#INT32} for indices and counts ({@link Backend#allocateInt32}).
 *
 * <p>A tensor either owns its storage (made by {@link Backend#allocate}) or is a view of a
 * contiguous slice of another tensor's storage (made by {@link Backend#view}); closing an
 * owning tensor returns its memory to the backend, closing a view does nothing. Vectors are
 * {@code [1, n]}. The storage handle is hidden: only backends reach it, through {@link Tensors}; everyone else
 * moves values with {@link Backend#upload} and {@link Backend#download}.
 *
 * <p>Not thread-safe: like its {@link Backend}, a tensor is used by one thread at a time.
 */
public final class Tensor implements AutoCloseable {
    private final Backend backend;
    private final DType dtype;
    private final Object storage;
    private final long offset;
    private final int rows;
    private final int cols;
    private final boolean owner;
    private boolean closed;

    /**
     * Made by backends only, through {@link Tensors}: {@code storage} is the backend's own handle, {@code offset}
     * counts elements from its start.
     */
    private Tensor(Backend backend, DType dtype, Object storage, long offset, int rows, int cols, boolean owner) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("tensor shape must be non-negative, got [" + rows + ", " + cols + "]");
        }
        this.backend = backend;
        this.dtype = dtype;
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

    /** Element type: the backend's {@link Backend#dtype()}, or {@link DType#INT32} for indices and counts. */
    public DType dtype() {
        return dtype;
    }

    /**
     * For {@link Tensors} only (a backend's way to make tensors and reach their storage): the constructor and the
     * storage handle, handed over against a key that only {@link Tensors} can make.
     *
     * @throws IllegalArgumentException when {@code key} is null
     */
    public static Tensors.Internals internals(Tensors.Key key) {
        if (key == null) {
            throw new IllegalArgumentException("the tensor internals are for backends, through dev.myelin.backend.spi.Tensors");
        }
        return INTERNALS;
    }

    private static final Tensors.Internals INTERNALS = new Tensors.Internals() {
        @Override
        public Tensor create(Backend backend, DType dtype, Object storage, long offset, int rows, int cols, boolean owner) {
            return new Tensor(backend, dtype, storage, offset, rows, cols, owner);
        }

        @Override
        public Object storage(Tensor tensor) {
            tensor.ensureOpen();
            return tensor.storage;
        }
    };

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
     * its storage.
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
