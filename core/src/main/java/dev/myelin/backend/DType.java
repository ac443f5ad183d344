package dev.myelin.backend;

import java.util.List;
import java.util.stream.Stream;

/**
 * Element type of a tensor. A backend computes in one floating-point type, its {@link Backend#dtype()}; every tensor it
 * allocates with {@link DeviceMemory#allocate} has that type. Indices (row indices of a gather, the arg-max of a row or
 * of a maxout group) and counts are {@link #INT32} tensors made by {@link DeviceMemory#allocateInt32}, so that they are
 * exact whatever the compute type: a float32 integer is exact only up to 2^24.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum DType {
    /** IEEE 754 binary32: the fast type of the CPU fallback and of the CUDA backend. */
    FLOAT32(4),
    /** IEEE 754 binary64: the type of the CPU oracle and of gradient checking. */
    FLOAT64(8),
    /**
     * Two's-complement 32-bit integer, on every backend: indices (row indices, arg-max positions) and counts (correct
     * predictions, confusion-matrix cells). No backend computes in it.
     */
    INT32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Whether this is a floating-point type, one a backend can compute in. */
    public boolean isFloatingPoint() {
        return this != INT32;
    }

    /** The types a backend can compute in, {@link #FLOAT32} and {@link #FLOAT64}, in declaration order. */
    public static List<DType> computeTypes() {
        return COMPUTE_TYPES;
    }

    private static final List<DType> COMPUTE_TYPES = Stream.of(values()).filter(DType::isFloatingPoint).toList();
}
