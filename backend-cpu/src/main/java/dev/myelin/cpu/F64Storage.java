package dev.myelin.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

/**
 * Storage of a float64 CPU tensor: one off-heap {@link DoubleBuffer} (native byte order) shared by the
 * owning tensor and its views, so native BLAS reads and writes it where it is, without a copy.
 */
final class F64Storage {
    final DoubleBuffer data;
    /** Set when the owning tensor is closed, so that views of it fail loudly. */
    boolean released;

    F64Storage(int size) {
        this.data = ByteBuffer.allocateDirect(size * Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    int size() {
        return data.capacity();
    }
}
