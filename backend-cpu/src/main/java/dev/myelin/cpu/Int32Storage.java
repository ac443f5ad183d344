package dev.myelin.cpu;

import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.Tensors;

/**
 * Storage of an INT32 CPU tensor (row indices, arg-max positions, counts): one {@code int[]} shared by the owning tensor
 * and its views. Nothing native reads it, so it lives on the heap. Offsets count elements.
 *
 * <p>Not thread-safe: used by one thread at a time, as its backend is.
 */
final class Int32Storage {
    final int[] data;
    /** Set when the owning tensor is closed, so that views of it fail loudly. */
    private boolean released;

    Int32Storage(int size) {
        this.data = new int[size];
    }

    /** The array behind the INT32 tensor {@code t} (checked by the caller); element {@code [0, 0]} is at {@link #offset}. */
    static int[] data(Tensor t) {
        return ((Int32Storage) Tensors.storage(t)).data;
    }

    /** Index in {@link #data} of {@code t}'s element {@code [0, 0]}. */
    static int offset(Tensor t) {
        return (int) t.offset();
    }

    /** Whether the owning tensor was closed. */
    boolean released() {
        return released;
    }

    /** Marks this storage released; returns the bytes it held, or 0 when it already was. */
    long release() {
        if (released) {
            return 0;
        }
        released = true;
        return (long) data.length * Integer.BYTES;
    }
}
