package dev.myelin.backend;

/**
 * Element type of every tensor of a backend.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum DType {
    /** IEEE 754 binary32: the fast type of the CPU fallback and of the CUDA backend. */
    FLOAT32(4),
    /** IEEE 754 binary64: the type of the CPU oracle and of gradient checking. */
    FLOAT64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }
}
