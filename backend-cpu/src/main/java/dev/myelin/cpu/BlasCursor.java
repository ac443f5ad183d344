package dev.myelin.cpu;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Reusable JavaCPP pointers that {@link NativeGemm} aims at an element of a tensor's off-heap buffer before
 * each call, so a call neither copies nor allocates. They own no memory; each worker thread has its own.
 */
final class BlasCursor {
    private BlasCursor() {
    }

    /** A float pointer re-aimed per call. */
    static final class F32 extends FloatPointer {
        /** Points at element {@code offset} of the direct {@code buffer}. */
        F32 at(FloatBuffer buffer, long offset) {
            address = getDirectBufferAddress(buffer);
            aim(this, offset, buffer.capacity());
            return this;
        }
    }

    /** A double pointer re-aimed per call. */
    static final class F64 extends DoublePointer {
        /** Points at element {@code offset} of the direct {@code buffer}. */
        F64 at(DoubleBuffer buffer, long offset) {
            address = getDirectBufferAddress(buffer);
            aim(this, offset, buffer.capacity());
            return this;
        }
    }

    /**
     * Sets the element window of a pointer already at a buffer's start: element {@code offset} of {@code capacity}
     * ({@link Pointer#capacity(long)} sets the limit too).
     */
    private static void aim(Pointer pointer, long offset, long capacity) {
        pointer.capacity(capacity);
        pointer.position(offset);
    }
}
