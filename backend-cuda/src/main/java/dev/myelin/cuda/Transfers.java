package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;

import dev.myelin.backend.Tensor;
import jcuda.Pointer;

/**
 * Copies between the host and the device, fills and row gathers; operands already checked by
 * {@link CudaBackend}. Host copies are synchronous copies from reusable staging arrays (the
 * {@code double[]} ↔ float conversion happens on the host); a read from the device first waits for the
 * stream, then throws what the kernels reported in the {@link DeviceStatus}.
 */
final class Transfers {
    private final CudaContext context;
    private final MemoryPool pool;
    private final DeviceStatus status;
    private DeviceBuffer indexBuffer;
    private float[] staging = new float[0];
    private int[] indexStaging = new int[0];

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

    double readScalar(Tensor t, int index) {
        float[] one = new float[1];
        synchronize("readScalar");
        CudaContext.driver(cuMemcpyDtoH(Pointer.to(one), DeviceBuffer.address(t).withByteOffset((long) index * Float.BYTES), Float.BYTES),
                "cuMemcpyDtoH(1 float)");
        return one[0];
    }

    /** Waits for the stream, then throws what a kernel reported in the status word since the last read. */
    private void synchronize(String op) {
        context.synchronize(op);
        status.throwIfSet();
    }

    void fill(Tensor t, double value) {
        if (t.size() > 0) {
            CudaContext.driver(cuMemsetD32Async(DeviceBuffer.address(t), Float.floatToRawIntBits((float) value), t.size(), context.stream()),
                    "cuMemsetD32Async(fill)");
        }
    }

    void copy(Tensor src, Tensor dst) {
        if (src.size() > 0) {
            CudaContext.driver(cuMemcpyDtoDAsync(DeviceBuffer.address(dst), DeviceBuffer.address(src), (long) src.size() * Float.BYTES,
                    context.stream()), "cuMemcpyDtoDAsync(copy)");
        }
    }

    /** Host row indices: copied to a reusable device index buffer, then one gather launch. */
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
        if (indexStaging.length < rows) {
            indexStaging = new int[Math.max(rows, 256)];
        }
        System.arraycopy(rowIndex, from, indexStaging, 0, rows);
        CudaContext.driver(cuMemcpyHtoD(indexBuffer.pointer, Pointer.to(indexStaging), bytes), "cuMemcpyHtoD(" + rows + " row indices)");
        context.launcher().elementwise("myelin_gather_rows", dst.size(), src, src.rows(), indexBuffer.pointer, 0, dst, rows, dst.cols());
    }

    /** Row indices in a device tensor (floats): one launch, no host copy. */
    void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        context.launcher().elementwise("myelin_gather_rows_by_tensor", dst.size(), src, src.rows(), rowIndex, from, dst, dst.rows(),
                dst.cols());
    }

    /** Forgets the index buffer (the pool frees it with everything else). */
    void forgetBuffers() {
        indexBuffer = null;
    }
}
