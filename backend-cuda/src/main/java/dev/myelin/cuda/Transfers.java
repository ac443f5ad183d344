package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import jcuda.Pointer;

/**
 * Copies between the host and the device, fills and row gathers; operands already checked by
 * {@link CudaBackend}. Host copies are synchronous copies: floats through reusable staging arrays (the
 * {@code double[]} ↔ float conversion happens on the host), the ints of an {@link DType#INT32} tensor straight from
 * and into the caller's {@code int[]}; a read from the device first waits for the stream, then throws what the
 * kernels reported in the {@link DeviceStatus}.
 */
final class Transfers {
    private final CudaContext context;
    private final MemoryPool pool;
    private final DeviceStatus status;
    private DeviceBuffer indexBuffer;
    private float[] staging = new float[0];

    Transfers(CudaContext context, MemoryPool pool, DeviceStatus status) {
        this.context = context;
        this.pool = pool;
        this.status = status;
    }

    private float[] staging(int n) {
        if (staging.length < n) {
            staging = new float[Math.max(n, 1024)];
        }
        return staging;
    }

    void upload(double[] src, int srcOffset, Tensor dst) {
        int n = dst.size();
        if (n == 0) {
            return;
        }
        float[] s = staging(n);
        for (int i = 0; i < n; i++) {
            s[i] = (float) src[srcOffset + i];
        }
        // A synchronous copy from pageable memory: ordered after the work of our (blocking) stream,
        // and the staging array may be reused as soon as it returns.
        CudaContext.driver(cuMemcpyHtoD(DeviceBuffer.address(dst), Pointer.to(s), (long) n * Float.BYTES), "cuMemcpyHtoD(" + n + " floats)");
    }

    void download(Tensor src, double[] dst, int dstOffset) {
        int n = src.size();
        if (n == 0) {
            return;
        }
        float[] s = staging(n);
        synchronize("download");
        CudaContext.driver(cuMemcpyDtoH(Pointer.to(s), DeviceBuffer.address(src), (long) n * Float.BYTES), "cuMemcpyDtoH(" + n + " floats)");
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = s[i];
        }
    }

    /** {@code dst.size()} ints from {@code src[srcOffset...]}, no conversion. */
    void upload(int[] src, int srcOffset, Tensor dst) {
        int n = dst.size();
        if (n > 0) {
            CudaContext.driver(cuMemcpyHtoD(DeviceBuffer.address(dst), Pointer.to(src).withByteOffset((long) srcOffset * Integer.BYTES),
                    (long) n * Integer.BYTES), "cuMemcpyHtoD(" + n + " ints)");
        }
    }

    /** All ints of {@code src} into {@code dst[dstOffset...]}, no conversion. */
    void download(Tensor src, int[] dst, int dstOffset) {
        int n = src.size();
        if (n == 0) {
            return;
        }
        synchronize("download");
        CudaContext.driver(cuMemcpyDtoH(Pointer.to(dst).withByteOffset((long) dstOffset * Integer.BYTES), DeviceBuffer.address(src),
                (long) n * Integer.BYTES), "cuMemcpyDtoH(" + n + " ints)");
    }

    /** Element {@code index} of {@code t}: a float, or an int of an INT32 tensor (exact as a double). */
    double readScalar(Tensor t, int index) {
        int[] bits = new int[1];
        synchronize("readScalar");
        CudaContext.driver(cuMemcpyDtoH(Pointer.to(bits), DeviceBuffer.address(t).withByteOffset((long) index * Integer.BYTES), Integer.BYTES),
                "cuMemcpyDtoH(1 element)");
        return t.dtype() == DType.INT32 ? bits[0] : Float.intBitsToFloat(bits[0]);
    }

    /** Waits for the stream, then throws what a kernel reported in the status word since the last read. */
    private void synchronize(String op) {
        context.synchronize(op);
        status.throwIfSet();
    }

    /** Every element of {@code t} to {@code value}: as a float, or as an int for an INT32 tensor (checked to be one). */
    void fill(Tensor t, double value) {
        if (t.size() > 0) {
            int bits = t.dtype() == DType.INT32 ? (int) value : Float.floatToRawIntBits((float) value);
            CudaContext.driver(cuMemsetD32Async(DeviceBuffer.address(t), bits, t.size(), context.stream()), "cuMemsetD32Async(fill)");
        }
    }

    void copy(Tensor src, Tensor dst) {
        if (src.size() > 0) {
            CudaContext.driver(cuMemcpyDtoDAsync(DeviceBuffer.address(dst), DeviceBuffer.address(src), (long) src.size() * Float.BYTES,
                    context.stream()), "cuMemcpyDtoDAsync(copy)");
        }
    }

    /** Host row indices: copied straight from {@code rowIndex} to a reusable device index buffer, then one gather launch. */
    void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst) {
        int rows = dst.rows();
        if (dst.size() == 0) {
            return;
        }
        long bytes = (long) rows * Integer.BYTES;
        if (indexBuffer == null || indexBuffer.capacity < bytes) {
            if (indexBuffer != null) {
                context.synchronize("gatherRows");
                pool.release(indexBuffer);
                indexBuffer = null;
            }
            indexBuffer = pool.allocate(Math.max(bytes, 4096));
        }
        CudaContext.driver(cuMemcpyHtoD(indexBuffer.pointer, Pointer.to(rowIndex).withByteOffset((long) from * Integer.BYTES), bytes),
                "cuMemcpyHtoD(" + rows + " row indices)");
        gather(src, indexBuffer.pointer, 0, dst);
    }

    /**
     * Row indices in an INT32 device tensor: one launch, no host copy. An index that is no row of {@code src} is
     * reported in the {@link DeviceStatus} and thrown at the next synchronisation.
     */
    void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        gather(src, rowIndex, from, dst);
    }

    /** One launch of the gather kernel; {@code index} is a device pointer or an INT32 tensor. */
    private void gather(Tensor src, Object index, int from, Tensor dst) {
        context.launcher().elementwise("myelin_gather_rows", dst.size(), src, src.rows(), index, from, dst, dst.rows(), dst.cols(),
                status.pointer(DeviceStatus.Record.BAD_ROW_INDEX));
    }

    /** Forgets the index buffer (the pool frees it with everything else). */
    void forgetBuffers() {
        indexBuffer = null;
    }
}
