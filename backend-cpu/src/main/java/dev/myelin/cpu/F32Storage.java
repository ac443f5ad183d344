package dev.myelin.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Storage of a float32 CPU tensor: one off-heap {@link FloatBuffer} (native byte order) shared by the
 * owning tensor and its views, so native BLAS reads and writes it where it is, without a copy.
 */
final class F32Storage {
    final FloatBuffer data;
    /** Set when the owning tensor is closed, so that views of it fail loudly. */
    boolean released;

    F32Storage(int size) {
        this.data = ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    int size() {
        return data.capacity();
    }
}
