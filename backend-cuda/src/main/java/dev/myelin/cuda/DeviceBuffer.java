package dev.myelin.cuda;

import jcuda.driver.CUdeviceptr;

/** The storage of a {@link dev.myelin.backend.Tensor} on the CUDA backend: a pooled device allocation. */
final class DeviceBuffer {
    final CUdeviceptr pointer;
    /** Bytes of the allocation (its size class), at least the tensor's. */
    final long capacity;
    /** Bytes the tensor asked for. */
    final long bytes;
    boolean released;
    /**
     * Counts the operations that were given this buffer as an operand other than a read-only one;
     * a {@link #mirror} is current only while this has not moved.
     */
    long generation;
    /**
     * Host copy of a column of class indices this buffer received by upload or gatherRows, elements
     * {@code [mirrorOffset, mirrorOffset + mirror.length)}: lets the sparse loss check its indices without a
     * device-to-host copy. Valid while {@code mirrorGeneration == generation}.
     */
    float[] mirror;
    long mirrorOffset;
    long mirrorGeneration;

    /** The mirrored values of elements {@code [offset, offset + n)}, or null when they are not known on the host. */
    float[] mirrored(long offset, int n) {
        if (mirror == null || mirrorGeneration != generation || offset < mirrorOffset || offset + n > mirrorOffset + mirror.length) {
            return null;
        }
        float[] out = new float[n];
        System.arraycopy(mirror, (int) (offset - mirrorOffset), out, 0, n);
        return out;
    }

    void setMirror(float[] values, long offset) {
        mirror = values;
        mirrorOffset = offset;
        mirrorGeneration = generation;
    }

    DeviceBuffer(CUdeviceptr pointer, long capacity, long bytes) {
        this.pointer = pointer;
        this.capacity = capacity;
        this.bytes = bytes;
    }
}
