package dev.myelin.cuda;

import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.Tensors;
import jcuda.driver.CUdeviceptr;

/**
 * The storage of a {@link dev.myelin.backend.Tensor} on the CUDA backend: a pooled device allocation, of 4-byte floats or,
 * for an INT32 tensor, of 4-byte ints.
 */
final class DeviceBuffer {
    final CUdeviceptr pointer;
    /** Bytes of the allocation (its size class), at least the tensor's. */
    final long capacity;
    /** Bytes the tensor asked for. */
    final long bytes;
    boolean released;

    DeviceBuffer(CUdeviceptr pointer, long capacity, long bytes) {
        this.pointer = pointer;
        this.capacity = capacity;
        this.bytes = bytes;
    }

    /** The device address of the first element of {@code t}, a tensor (or view) of the CUDA backend, of either element type. */
    static CUdeviceptr address(Tensor t) {
        return ((DeviceBuffer) Tensors.storage(t)).pointer.withByteOffset(t.offset() * t.dtype().bytes());
    }
}
