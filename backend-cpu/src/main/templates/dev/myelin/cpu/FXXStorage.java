package dev.myelin.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.RealBuffer;

/**
 * Storage of a floatXX CPU tensor: one off-heap {@link RealBuffer} (native byte order) shared by the
 * owning tensor and its views, so native BLAS reads and writes it where it is, without a copy.
 */
final class FXXStorage {
    final RealBuffer data;
    /** Set when the owning tensor is closed, so that views of it fail loudly. */
    boolean released;

    FXXStorage(int size) {
        this.data = ByteBuffer.allocateDirect(size * Real.BYTES).order(ByteOrder.nativeOrder()).asRealBuffer();
    }

    int size() {
        return data.capacity();
    }
}
