package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.ActivationChecks;
import dev.myelin.backend.spi.BlasChecks;
import dev.myelin.backend.spi.LayerChecks;
import dev.myelin.backend.spi.LossChecks;
import dev.myelin.backend.spi.MemoryChecks;
import dev.myelin.backend.spi.Operands;
import dev.myelin.backend.spi.OptimiserChecks;
import dev.myelin.backend.spi.StorageOwner;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

/**
 * {@link Backend} in float32 on an NVIDIA GPU through the JCuda driver API and JCublas2.
 *
 * <p>The backend owns a context on its device, one stream, a cuBLAS handle, the kernels module's
 * code (PTX, or NVRTC → CUBIN when the driver refuses the PTX version, see {@link #kernelPath()})
 * and a {@link MemoryPool}. Every call makes the context current on the calling thread and the
 * methods are synchronised, so several Java threads may use one backend (one at a time). Tensors
 * are pooled device buffers; views are pointer offsets. GEMM is cuBLAS SGEMM on the column-major
 * transpose ({@code Cᵀ = op(B)ᵀ·op(A)ᵀ}); every other operation is one kernel launch (batch
 * norm backward of layer norm: two). Results that are scalars stay on the device until
 * {@link #readScalar} or {@link #download}. The sparse loss checks its class indices on the host, as the
 * contract asks: from a host mirror of the {@code [n, 1]} index column kept by {@link #upload} and
 * {@link #gatherRows} while no other operation touched that buffer, else by a device-to-host copy.
 */
public final class CudaBackend implements Backend, StorageOwner {
    private static final int BLOCK = LaunchGeometry.BLOCK;
    private static final int ROWS_PER_BLOCK = LaunchGeometry.ROWS_PER_BLOCK;
    private static final int COL_X = LaunchGeometry.COL_X;
    private static final int COL_Y = LaunchGeometry.COL_Y;
    private static final int MAX_GRID = LaunchGeometry.MAX_ELEMENT_GRID;
    private static final int REDUCE_MAX_BLOCKS = LaunchGeometry.REDUCE_MAX_BLOCKS;

    private final CudaOptions options;
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final cublasHandle cublas = new cublasHandle();
    private final MemoryPool pool = new MemoryPool();
    private final KernelModules kernels;
    private final String deviceName;
    private final int ccMajor;
    private final int ccMinor;
    private final long totalMemory;
    private final int driverVersion;
    private final DeviceBuffer reduceWorkspace;
    private DeviceBuffer indexBuffer;
    private float[] staging = new float[0];
    private int[] indexStaging = new int[0];
    private boolean closed;
    /** The shared liveness check of this backend's operands. */
    private final Operands operands = new Operands(this, () -> closed, s -> ((DeviceBuffer) s).released);

    /** Opens device {@code options.device()}: context, stream, cuBLAS, kernels. */
    public CudaBackend(CudaOptions options) {
        this.options = options == null ? CudaOptions.defaults() : options;
        JCudaDriver.setExceptionsEnabled(false);
        JCublas2.setExceptionsEnabled(false);
        driver(cuInit(0), "cuInit");
        int[] version = new int[1];
        driver(JCudaDriver.cuDriverGetVersion(version), "cuDriverGetVersion");
        driverVersion = version[0];
        int[] count = new int[1];
        driver(cuDeviceGetCount(count), "cuDeviceGetCount");
        if (this.options.device() >= count[0]) {
            throw new CudaException("cuDeviceGet(" + this.options.device() + ")", "CUDA_ERROR_INVALID_DEVICE",
                    CUresult.CUDA_ERROR_INVALID_DEVICE, "CUDA device " + this.options.device() + " does not exist: "
                    + count[0] + " device(s) visible. Choose another with -D" + CudaOptions.DEVICE_PROPERTY + ".");
        }
        CUdevice device = new CUdevice();
        driver(cuDeviceGet(device, this.options.device()), "cuDeviceGet");
        byte[] name = new byte[256];
        driver(cuDeviceGetName(name, name.length, device), "cuDeviceGetName");
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        deviceName = new String(name, 0, end, java.nio.charset.StandardCharsets.UTF_8);
        int[] v = new int[1];
        driver(cuDeviceGetAttribute(v, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device), "cuDeviceGetAttribute(major)");
        ccMajor = v[0];
        driver(cuDeviceGetAttribute(v, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device), "cuDeviceGetAttribute(minor)");
        ccMinor = v[0];
        long[] mem = new long[1];
        driver(cuDeviceTotalMem(mem, device), "cuDeviceTotalMem");
        totalMemory = mem[0];
        driver(cuCtxCreate(context, 0, device), "cuCtxCreate");
        boolean opened = false;
        KernelModules loaded = null;
        try {
            driver(cuStreamCreate(stream, 0), "cuStreamCreate");
            blas(JCublas2.cublasCreate(cublas), "cublasCreate");
            blas(JCublas2.cublasSetStream(cublas, new cudaStream_t(stream)), "cublasSetStream");
            blas(JCublas2.cublasSetMathMode(cublas, this.options.tf32() ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH : cublasMath.CUBLAS_DEFAULT_MATH),
                    "cublasSetMathMode");
            loaded = new KernelModules(ccMajor, ccMinor);
            reduceWorkspace = pool.allocate((long) REDUCE_MAX_BLOCKS * Double.BYTES + 8);
            driver(cuMemsetD32Async(reduceWorkspace.pointer, 0, reduceWorkspace.capacity / 4, stream), "cuMemsetD32Async(workspace)");
            opened = true;
        } finally {
            if (!opened) {
                if (loaded != null) {
                    loaded.unload();
                }
                JCublas2.cublasDestroy(cublas);
                pool.freeAll();
                cuCtxDestroy(context);
            }
        }
        kernels = loaded;
    }

    // ---------------------------------------------------------------- identity and accounting

    @Override
    public String name() {
        return "cuda-f32";
    }

    @Override
    public DType dtype() {
        return DType.FLOAT32;
    }

    @Override
    public String description() {
        return "CUDA " + deviceName + " (sm_" + ccMajor + ccMinor + ", " + (totalMemory >> 20) + " MiB), float32, kernels: "
                + kernels.path() + ", cuBLAS TF32 " + (options.tf32() ? "on" : "off");
    }

    /** {@inheritDoc} From {@code cuMemGetInfo} (memory this backend's pool holds but does not use is not counted). */
    @Override
    public synchronized long freeMemoryBytes() {
        enter("freeMemoryBytes");
        long[] free = new long[1];
        long[] total = new long[1];
        driver(jcuda.driver.JCudaDriver.cuMemGetInfo(free, total), "cuMemGetInfo");
        return free[0];
    }

    /** How the kernels were loaded: {@code CUBIN sm_XY (packaged)}, {@code PTX ISA 7.8 (…)} or {@code NVRTC → sm_XY CUBIN (…)}. */
    public String kernelPath() {
        return kernels.path();
    }

    /** The CUDA version the driver supports, e.g. {@code 12.6}. */
    public String driverVersion() {
        return driverVersion / 1000 + "." + driverVersion % 1000 / 10;
    }

    /** Whether the NVRTC fallback compiled the kernels. */
    public boolean usesNvrtc() {
        return kernels.path().startsWith("NVRTC");
    }

    /** Device bytes held by tensors not yet closed and by the backend's own workspaces (size classes). */
    public synchronized long liveBytes() {
        return pool.liveBytes();
    }

    /** cuMemAlloc calls made so far (the pool reuses freed buffers). */
    public synchronized long deviceAllocations() {
        return pool.deviceAllocations();
    }

    @Override
    public String toString() {
        return description();
    }

    // ---------------------------------------------------------------- plumbing

    private static void driver(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw CudaException.driver(call, result);
        }
    }

    private static void blas(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw CudaException.cublas(call, status);
        }
    }

    /** Checks the backend is open and makes its context current on this thread. */
    private void enter(String op) {
        if (closed) {
            throw new IllegalStateException(op + ": backend " + name() + " is closed");
        }
        driver(cuCtxSetCurrent(context), "cuCtxSetCurrent (" + op + ")");
    }

    /** The device address of {@code t}; the operation may write it (its host mirror becomes stale). */
    private static CUdeviceptr ptr(Tensor t) {
        DeviceBuffer b = (DeviceBuffer) t.storage();
        b.generation++;
        return b.pointer.withByteOffset(t.offset() * Float.BYTES);
    }

    /** The device address of {@code t} for an operation that only reads it. */
    private static CUdeviceptr readPtr(Tensor t) {
        return ((DeviceBuffer) t.storage()).pointer.withByteOffset(t.offset() * Float.BYTES);
    }

    /** Uploads of at most this many elements are mirrored on the host (for the sparse loss's class-index check). */
    private static final int MIRROR_LIMIT = 1 << 16;

    private static int ceilDiv(long a, int b) {
        return (int) ((a + b - 1) / b);
    }

    private static int elementGrid(long n) {
        return Math.max(1, Math.min(ceilDiv(n, BLOCK), MAX_GRID));
    }

    /** cuLaunchKernel of {@code entry} on the backend's stream; arguments as in {@link #param}. */
    private void launch(String entry, int gridX, int blockX, int blockY, Object... args) {
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = param(args[i]);
        }
        int r = cuLaunchKernel(kernels.function(entry), gridX, 1, 1, blockX, blockY, 1, 0, stream, Pointer.to(params), null);
        driver(r, "cuLaunchKernel(" + entry + ", grid " + gridX + ", block " + blockX + "×" + blockY + ")");
    }

    private static Pointer param(Object a) {
        if (a == null) {
            return Pointer.to(new long[] {0L});
        } else if (a instanceof Pointer) {
            return Pointer.to((Pointer) a);
        } else if (a instanceof Integer) {
            return Pointer.to(new int[] {(Integer) a});
        } else if (a instanceof Float) {
            return Pointer.to(new float[] {(Float) a});
        } else if (a instanceof Double) {
            return Pointer.to(new double[] {(Double) a});
        } else if (a instanceof Long) {
            return Pointer.to(new long[] {(Long) a});
        }
        throw new IllegalArgumentException("kernel argument of type " + a.getClass());
    }

    private static Object ptrOrNull(Tensor t) {
        return t == null ? null : ptr(t);
    }

    private static Object readPtrOrNull(Tensor t) {
        return t == null ? null : readPtr(t);
    }

    private float[] staging(int n) {
        if (staging.length < n) {
            staging = new float[Math.max(n, 1024)];
        }
        return staging;
    }

    // ---------------------------------------------------------------- memory

    @Override
    public synchronized Tensor allocate(int rows, int cols) {
        enter("allocate");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("allocate: shape [" + rows + ", " + cols + "] is negative");
        }
        long bytes = (long) rows * cols * Float.BYTES;
        if (bytes / Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("allocate: shape [" + rows + ", " + cols + "] has more than 2^31 − 1 elements");
        }
        DeviceBuffer buffer = pool.allocate(Math.max(bytes, Float.BYTES));
        int r = cuMemsetD32Async(buffer.pointer, 0, Math.max(bytes, Float.BYTES) / Float.BYTES, stream);
        if (r != CUresult.CUDA_SUCCESS) {
            pool.release(buffer);
            driver(r, "cuMemsetD32Async(allocate [" + rows + ", " + cols + "])");
        }
        return new Tensor(this, buffer, 0, rows, cols, true);
    }

    @Override
    public synchronized Tensor view(Tensor base, long offset, int rows, int cols) {
        MemoryChecks.view(operands, base, offset, rows, cols);
        return new Tensor(this, base.storage(), base.offset() + offset, rows, cols, false);
    }

    @Override
    public synchronized void release(Tensor tensor) {
        if (closed || tensor == null || tensor.backend() != this || !tensor.isOwner() || tensor.isClosed()) {
            return;
        }
        pool.release((DeviceBuffer) tensor.storage());
    }

    @Override
    public synchronized void upload(double[] src, int srcOffset, Tensor dst) {
        enter("upload");
        MemoryChecks.upload(operands, src, srcOffset, dst);
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
        driver(cuMemcpyHtoD(ptr(dst), Pointer.to(s), (long) n * Float.BYTES), "cuMemcpyHtoD(" + n + " floats)");
        if (n <= MIRROR_LIMIT) {
            ((DeviceBuffer) dst.storage()).setMirror(java.util.Arrays.copyOf(s, n), dst.offset());
        }
    }

    @Override
    public synchronized void download(Tensor src, double[] dst, int dstOffset) {
        enter("download");
        MemoryChecks.download(operands, src, dst, dstOffset);
        int n = src.size();
        if (n == 0) {
            return;
        }
        float[] s = staging(n);
        driver(cuStreamSynchronize(stream), "cuStreamSynchronize (download)");
        driver(cuMemcpyDtoH(Pointer.to(s), readPtr(src), (long) n * Float.BYTES), "cuMemcpyDtoH(" + n + " floats)");
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = s[i];
        }
    }

    @Override
    public synchronized double readScalar(Tensor t, int index) {
        enter("readScalar");
        MemoryChecks.readScalar(operands, t, index);
        float[] one = new float[1];
        driver(cuStreamSynchronize(stream), "cuStreamSynchronize (readScalar)");
        driver(cuMemcpyDtoH(Pointer.to(one), readPtr(t).withByteOffset((long) index * Float.BYTES), Float.BYTES), "cuMemcpyDtoH(1 float)");
        return one[0];
    }

    @Override
    public synchronized void fill(Tensor t, double value) {
        enter("fill");
        MemoryChecks.fill(operands, t);
        if (t.size() > 0) {
            driver(cuMemsetD32Async(ptr(t), Float.floatToRawIntBits((float) value), t.size(), stream), "cuMemsetD32Async(fill)");
        }
    }

    @Override
    public synchronized void copy(Tensor src, Tensor dst) {
        enter("copy");
        MemoryChecks.copy(operands, src, dst);
        if (src.size() > 0) {
            driver(cuMemcpyDtoDAsync(ptr(dst), readPtr(src), (long) src.size() * Float.BYTES, stream), "cuMemcpyDtoDAsync(copy)");
        }
    }

    @Override
    public synchronized void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst) {
        enter("gatherRows");
        MemoryChecks.gatherRows(operands, src, rowIndex, from, dst);
        int rows = dst.rows();
        if (dst.size() == 0) {
            return;
        }
        long bytes = (long) rows * Integer.BYTES;
        if (indexBuffer == null || indexBuffer.capacity < bytes) {
            if (indexBuffer != null) {
                driver(cuStreamSynchronize(stream), "cuStreamSynchronize (gatherRows)");
                pool.release(indexBuffer);
                indexBuffer = null;
            }
            indexBuffer = pool.allocate(Math.max(bytes, 4096));
        }
        if (indexStaging.length < rows) {
            indexStaging = new int[Math.max(rows, 256)];
        }
        System.arraycopy(rowIndex, from, indexStaging, 0, rows);
        driver(cuMemcpyHtoD(indexBuffer.pointer, Pointer.to(indexStaging), bytes), "cuMemcpyHtoD(" + rows + " row indices)");
        launch("myelin_gather_rows", elementGrid(dst.size()), BLOCK, 1,
                readPtr(src), src.rows(), indexBuffer.pointer, 0, ptr(dst), rows, dst.cols());
        float[] srcIndices = dst.cols() == 1 && rows <= MIRROR_LIMIT ? ((DeviceBuffer) src.storage()).mirrored(src.offset(), src.size()) : null;
        if (srcIndices != null) {
            float[] gathered = new float[rows];
            for (int i = 0; i < rows; i++) {
                gathered[i] = srcIndices[rowIndex[from + i]];
            }
            ((DeviceBuffer) dst.storage()).setMirror(gathered, dst.offset());
        }
    }

    /** {@inheritDoc} One kernel launch reading the indices on the device; no host copy. */
    @Override
    public synchronized void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        enter("gatherRows");
        MemoryChecks.gatherRows(operands, src, rowIndex, from, dst);
        int rows = dst.rows();
        if (dst.size() == 0) {
            return;
        }
        launch("myelin_gather_rows_by_tensor", elementGrid(dst.size()), BLOCK, 1,
                readPtr(src), src.rows(), readPtr(rowIndex), from, ptr(dst), rows, dst.cols());
        // Keep the host mirror of a gathered class-index column, so the sparse loss can check it without a copy back.
        if (dst.cols() == 1 && rows <= MIRROR_LIMIT) {
            float[] values = ((DeviceBuffer) src.storage()).mirrored(src.offset(), src.size());
            float[] index = ((DeviceBuffer) rowIndex.storage()).mirrored(rowIndex.offset() + from, rows);
            if (values != null && index != null) {
                float[] gathered = new float[rows];
                for (int i = 0; i < rows; i++) {
                    int r = (int) index[i];
                    gathered[i] = r == index[i] && r >= 0 && r < values.length ? values[r] : Float.NaN;
                }
                ((DeviceBuffer) dst.storage()).setMirror(gathered, dst.offset());
            }
        }
    }

    // ---------------------------------------------------------------- BLAS-like

    /** {@inheritDoc} cuBLAS SGEMM; C must not share elements with A or B. TF32 only with {@link CudaOptions#tf32()}. */
    @Override
    public synchronized void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        enter("gemm");
        BlasChecks.gemm(operands, transA, transB, a, b, c);
        int m = transA ? a.cols() : a.rows();
        int n = transB ? b.rows() : b.cols();
        int k = transA ? a.rows() : a.cols();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (beta == 0) {
                driver(cuMemsetD32Async(ptr(c), 0, c.size(), stream), "cuMemsetD32Async(gemm, k = 0)");
            } else {
                launch("myelin_scale", elementGrid(c.size()), BLOCK, 1, ptr(c), (float) beta, c.size());
            }
            return;
        }
        // Row-major X[r, c] is column-major Xᵀ with leading dimension c: C = op(A)·op(B) is Cᵀ = op(B)ᵀ·op(A)ᵀ.
        int status = JCublas2.cublasSgemm(cublas,
                transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                n, m, k, Pointer.to(new float[] {(float) alpha}),
                readPtr(b), Math.max(1, b.cols()), readPtr(a), Math.max(1, a.cols()),
                Pointer.to(new float[] {(float) beta}), ptr(c), Math.max(1, n));
        blas(status, "cublasSgemm_v2(m=" + m + ", n=" + n + ", k=" + k + ")");
    }

    @Override
    public synchronized void addRowVector(Tensor m, Tensor row) {
        enter("addRowVector");
        BlasChecks.addRowVector(operands, m, row);
        if (m.size() > 0) {
            launch("myelin_add_row_vector", elementGrid(m.size()), BLOCK, 1, ptr(m), readPtr(row), m.rows(), m.cols());
        }
    }

    @Override
    public synchronized void columnSums(Tensor m, double beta, Tensor out) {
        enter("columnSums");
        BlasChecks.columnSums(operands, m, out);
        if (m.cols() > 0) {
            launch("myelin_column_sums", ceilDiv(m.cols(), COL_X), COL_X, COL_Y, readPtr(m), m.rows(), m.cols(), (float) beta, ptr(out));
        }
    }

    @Override
    public synchronized void axpy(double alpha, Tensor x, Tensor y) {
        enter("axpy");
        BlasChecks.axpy(operands, x, y);
        if (x.size() > 0) {
            launch("myelin_axpy", elementGrid(x.size()), BLOCK, 1, (float) alpha, readPtr(x), ptr(y), x.size());
        }
    }

    @Override
    public synchronized void scale(Tensor x, double alpha) {
        enter("scale");
        BlasChecks.scale(operands, x);
        if (x.size() > 0) {
            launch("myelin_scale", elementGrid(x.size()), BLOCK, 1, ptr(x), (float) alpha, x.size());
        }
    }

    private void reduce(String op, String entry, Tensor x, Tensor out) {
        enter(op);
        BlasChecks.reduction(operands, op, x, out);
        int n = x.size();
        int grid = Math.max(1, Math.min(ceilDiv(n, BLOCK), REDUCE_MAX_BLOCKS));
        CUdeviceptr partials = reduceWorkspace.pointer;
        CUdeviceptr counter = reduceWorkspace.pointer.withByteOffset((long) REDUCE_MAX_BLOCKS * Double.BYTES);
        launch(entry, grid, BLOCK, 1, readPtr(x), n, partials, counter, ptr(out));
    }

    /** {@inheritDoc} Accumulates in double in an order fixed by the launch geometry. */
    @Override
    public synchronized void sumOfSquares(Tensor x, Tensor out) {
        reduce("sumOfSquares", "myelin_sum_squares", x, out);
    }

    /** {@inheritDoc} Accumulates in double in an order fixed by the launch geometry. */
    @Override
    public synchronized void sumOfAbs(Tensor x, Tensor out) {
        reduce("sumOfAbs", "myelin_sum_abs", x, out);
    }

    @Override
    public synchronized void addSign(double lambda, Tensor x, Tensor y) {
        enter("addSign");
        BlasChecks.addSign(operands, x, y);
        if (x.size() > 0) {
            launch("myelin_add_sign", elementGrid(x.size()), BLOCK, 1, (float) lambda, readPtr(x), ptr(y), x.size());
        }
    }

    @Override
    public synchronized void countNonFinite(Tensor x, Tensor out) {
        reduce("countNonFinite", "myelin_count_non_finite", x, out);
    }

    // ---------------------------------------------------------------- activations

    @Override
    public synchronized void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out) {
        String op = "activationForward";
        enter(op);
        ActivationChecks.forward(operands, kind, z, out);
        if (z.size() == 0) {
            return;
        }
        if (kind == ActivationKind.SOFTMAX) {
            launch("myelin_softmax_forward", ceilDiv(z.rows(), ROWS_PER_BLOCK), BLOCK, 1, readPtr(z), ptr(out), z.rows(), z.cols());
        } else {
            launch("myelin_activation_forward", elementGrid(z.size()), BLOCK, 1, kind.ordinal(), (float) alpha, readPtr(z), ptr(out), z.size());
        }
    }

    @Override
    public synchronized void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ) {
        String op = "activationBackward";
        enter(op);
        ActivationChecks.backward(operands, kind, z, out, gradOut, gradZ);
        if (z.size() == 0) {
            return;
        }
        if (kind == ActivationKind.SOFTMAX) {
            launch("myelin_softmax_backward", ceilDiv(z.rows(), ROWS_PER_BLOCK), BLOCK, 1, readPtr(out), readPtr(gradOut), ptr(gradZ), z.rows(), z.cols());
        } else {
            launch("myelin_activation_backward", elementGrid(z.size()), BLOCK, 1, kind.ordinal(), (float) alpha, readPtr(z), readPtr(gradOut), ptr(gradZ),
                    z.size());
        }
    }

    // ---------------------------------------------------------------- losses and metrics

    private static boolean sparse(LossSpec loss) {
        return loss.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
    }

    /**
     * For the sparse loss, the class indices themselves (from the host mirror, else a device-to-host copy of the
     * {@code [batch, 1]} target): the kernels would only turn a bad index into a NaN loss.
     */
    private void checkClassIndices(String op, LossSpec loss, Tensor output, Tensor target) {
        if (!sparse(loss)) {
            return;
        }
        int rows = target.rows();
        if (rows == 0) {
            return;
        }
        float[] s = ((DeviceBuffer) target.storage()).mirrored(target.offset(), rows);
        if (s == null) {
            s = staging(rows);
            driver(cuStreamSynchronize(stream), "cuStreamSynchronize (" + op + ")");
            driver(cuMemcpyDtoH(Pointer.to(s), readPtr(target), (long) rows * Float.BYTES), "cuMemcpyDtoH(" + rows + " class indices)");
        }
        int classes = output.cols();
        for (int i = 0; i < rows; i++) {
            double value = s[i];
            if (!(value >= 0 && value < classes && value == Math.rint(value))) {
                throw new IllegalArgumentException("sparse categorical cross-entropy: target row " + i + " holds "
                        + value + ", which is not a class index in [0, " + (classes - 1) + "]");
            }
        }
    }

    @Override
    public synchronized void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum) {
        String op = "lossForward";
        enter(op);
        LossChecks.lossForward(operands, loss, output, target, lossSum);
        checkClassIndices(op, loss, output, target);
        if (output.rows() == 0) {
            return;
        }
        launch("myelin_loss_forward", 1, BLOCK, 1, loss.kind().ordinal(), loss.fromLogits() ? 1 : 0, (float) loss.delta(),
                (float) loss.labelSmoothing(), readPtr(output), readPtr(target), output.rows(), output.cols(), ptr(lossSum));
    }

    @Override
    public synchronized void lossBackward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
        String op = "lossBackward";
        enter(op);
        LossChecks.lossBackward(operands, loss, output, target, grad);
        checkClassIndices(op, loss, output, target);
        if (output.size() == 0) {
            return;
        }
        launch("myelin_loss_backward", ceilDiv(output.rows(), ROWS_PER_BLOCK), BLOCK, 1, loss.kind().ordinal(), loss.fromLogits() ? 1 : 0,
                (float) loss.delta(), (float) loss.labelSmoothing(), readPtr(output), readPtr(target), (float) scale, ptr(grad), output.rows(),
                output.cols());
    }

    @Override
    public synchronized void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter) {
        String op = "countCorrect";
        enter(op);
        LossChecks.countCorrect(operands, output, target, counter);
        int k = output.cols();
        int tk = target.cols();
        if (output.rows() == 0) {
            return;
        }
        launch("myelin_count_correct", 1, BLOCK, 1, readPtr(output), readPtr(target), output.rows(), k, tk, (float) threshold, ptr(counter));
    }

    @Override
    public synchronized void argmaxRows(Tensor output, Tensor predicted) {
        String op = "argmaxRows";
        enter(op);
        LossChecks.argmaxRows(operands, output, predicted);
        if (output.rows() == 0) {
            return;
        }
        launch("myelin_argmax_rows", ceilDiv(output.rows(), ROWS_PER_BLOCK), BLOCK, 1, readPtr(output), ptr(predicted), output.rows(), output.cols());
    }

    // ---------------------------------------------------------------- optimisers

    @Override
    public synchronized void sgdStep(MomentumForm form, double learningRate, double momentum, double weightDecay, Tensor params, Tensor grads,
                                     Tensor velocity, Tensor gradScale) {
        String op = "sgdStep";
        enter(op);
        OptimiserChecks.sgdStep(operands, form, params, grads, velocity, gradScale);
        if (params.size() > 0) {
            launch("myelin_sgd_step", elementGrid(params.size()), BLOCK, 1, form.ordinal(), (float) learningRate, (float) momentum,
                    (float) weightDecay, ptr(params), readPtr(grads), form == MomentumForm.NONE ? null : ptrOrNull(velocity), readPtrOrNull(gradScale),
                    params.size());
        }
    }

    @Override
    public synchronized void adagradStep(double learningRate, double epsilon, double weightDecay, Tensor params, Tensor grads, Tensor sumSquares,
                                         Tensor gradScale) {
        String op = "adagradStep";
        enter(op);
        OptimiserChecks.adagradStep(operands, params, grads, sumSquares, gradScale);
        if (params.size() > 0) {
            launch("myelin_adagrad_step", elementGrid(params.size()), BLOCK, 1, (float) learningRate, (float) epsilon, (float) weightDecay,
                    ptr(params), readPtr(grads), ptr(sumSquares), readPtrOrNull(gradScale), params.size());
        }
    }

    @Override
    public synchronized void adadeltaStep(double learningRate, double rho, double epsilon, double weightDecay, Tensor params, Tensor grads,
                                          Tensor squareAvg, Tensor deltaAvg, Tensor gradScale) {
        String op = "adadeltaStep";
        enter(op);
        OptimiserChecks.adadeltaStep(operands, params, grads, squareAvg, deltaAvg, gradScale);
        if (params.size() > 0) {
            launch("myelin_adadelta_step", elementGrid(params.size()), BLOCK, 1, (float) learningRate, (float) rho, (float) epsilon,
                    (float) weightDecay, ptr(params), readPtr(grads), ptr(squareAvg), ptr(deltaAvg), readPtrOrNull(gradScale), params.size());
        }
    }

    @Override
    public synchronized void rmspropStep(double learningRate, double alpha, double epsilon, double weightDecay, double momentum, Tensor params,
                                         Tensor grads, Tensor squareAvg, Tensor gradAvg, Tensor momentumBuffer, Tensor gradScale) {
        String op = "rmspropStep";
        enter(op);
        OptimiserChecks.rmspropStep(operands, momentum, params, grads, squareAvg, gradAvg, momentumBuffer, gradScale);
        if (params.size() > 0) {
            launch("myelin_rmsprop_step", elementGrid(params.size()), BLOCK, 1, (float) learningRate, (float) alpha, (float) epsilon,
                    (float) weightDecay, (float) momentum, ptr(params), readPtr(grads), ptr(squareAvg), ptrOrNull(gradAvg), ptrOrNull(momentumBuffer),
                    readPtrOrNull(gradScale), params.size());
        }
    }

    @Override
    public synchronized void adamStep(boolean decoupledDecay, double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                                      double gradCoefficient, double momentCoefficient, double sqrtBiasCorrection2, Tensor params, Tensor grads,
                                      Tensor m, Tensor v, Tensor gradScale) {
        String op = "adamStep";
        enter(op);
        OptimiserChecks.adamStep(operands, params, grads, m, v, gradScale);
        if (params.size() > 0) {
            launch("myelin_adam_step", elementGrid(params.size()), BLOCK, 1, decoupledDecay ? 1 : 0, (float) learningRate, (float) weightDecay,
                    (float) beta1, (float) beta2, (float) epsilon, (float) gradCoefficient, (float) momentCoefficient, (float) sqrtBiasCorrection2,
                    ptr(params), readPtr(grads), ptr(m), ptr(v), readPtrOrNull(gradScale), params.size());
        }
    }

    // ---------------------------------------------------------------- clipping

    @Override
    public synchronized void clamp(Tensor x, double lo, double hi) {
        enter("clamp");
        OptimiserChecks.clamp(operands, x, lo, hi);
        if (x.size() > 0) {
            launch("myelin_clamp", elementGrid(x.size()), BLOCK, 1, ptr(x), (float) lo, (float) hi, x.size());
        }
    }

    @Override
    public synchronized void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        enter("clipScale");
        OptimiserChecks.clipScale(operands, sumSquares, maxNorm, scale);
        launch("myelin_clip_scale", 1, 1, 1, readPtr(sumSquares), maxNorm, ptr(scale));
    }

    // ---------------------------------------------------------------- layers

    @Override
    public synchronized void multiply(Tensor a, Tensor b, Tensor out) {
        enter("multiply");
        LayerChecks.multiply(operands, a, b, out);
        if (a.size() > 0) {
            launch("myelin_multiply", elementGrid(a.size()), BLOCK, 1, readPtr(a), readPtr(b), ptr(out), a.size());
        }
    }

    @Override
    public synchronized void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        enter("dropoutMask");
        LayerChecks.dropoutMask(operands, p, mask);
        int n = mask.size();
        if (n > 0) {
            int grid = Math.max(1, Math.min(ceilDiv(n, 4 * BLOCK), MAX_GRID));
            launch("myelin_dropout_mask", grid, BLOCK, 1, seed, step, layer, p, ptr(mask), n);
        }
    }

    @Override
    public synchronized void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum, Tensor runningMean,
                                                      Tensor runningVar, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        String op = "batchNormForwardTraining";
        enter(op);
        LayerChecks.batchNormForwardTraining(operands, x, gamma, beta, epsilon, momentum, runningMean, runningVar, out, savedMean, savedInvStd);
        int d = x.cols();
        if (d > 0) {
            launch("myelin_batch_norm_forward_training", ceilDiv(d, COL_X), COL_X, COL_Y, readPtr(x), readPtr(gamma), readPtr(beta), (float) epsilon,
                    (float) momentum, ptr(runningMean), ptr(runningVar), ptr(out), ptr(savedMean), ptr(savedInvStd), x.rows(), d);
        }
    }

    @Override
    public synchronized void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean, Tensor runningVar,
                                                       Tensor out) {
        String op = "batchNormForwardInference";
        enter(op);
        LayerChecks.batchNormForwardInference(operands, x, gamma, beta, epsilon, runningMean, runningVar, out);
        int d = x.cols();
        if (x.size() > 0) {
            launch("myelin_batch_norm_forward_inference", elementGrid(x.size()), BLOCK, 1, readPtr(x), readPtr(gamma), readPtr(beta), (float) epsilon,
                    readPtr(runningMean), readPtr(runningVar), ptr(out), x.rows(), d);
        }
    }

    @Override
    public synchronized void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                               Tensor gradGamma, Tensor gradBeta) {
        String op = "batchNormBackward";
        enter(op);
        LayerChecks.batchNormBackward(operands, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        int d = x.cols();
        if (d > 0) {
            launch("myelin_batch_norm_backward", ceilDiv(d, COL_X), COL_X, COL_Y, readPtr(x), readPtr(gradOut), readPtr(gamma), readPtr(savedMean),
                    readPtr(savedInvStd), ptr(gradX), ptr(gradGamma), ptr(gradBeta), x.rows(), d);
        }
    }

    @Override
    public synchronized void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean,
                                              Tensor savedInvStd) {
        String op = "layerNormForward";
        enter(op);
        LayerChecks.layerNormForward(operands, x, gamma, beta, epsilon, out, savedMean, savedInvStd);
        if (x.rows() > 0) {
            launch("myelin_layer_norm_forward", ceilDiv(x.rows(), ROWS_PER_BLOCK), BLOCK, 1, readPtr(x), readPtr(gamma), readPtr(beta), (float) epsilon,
                    ptr(out), ptr(savedMean), ptr(savedInvStd), x.rows(), x.cols());
        }
    }

    /** {@inheritDoc} Two launches: gradX one warp per row, then gradGamma/gradBeta by columns. */
    @Override
    public synchronized void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                               Tensor gradGamma, Tensor gradBeta) {
        String op = "layerNormBackward";
        enter(op);
        LayerChecks.layerNormBackward(operands, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        int d = x.cols();
        if (x.rows() > 0) {
            launch("myelin_layer_norm_backward", ceilDiv(x.rows(), ROWS_PER_BLOCK), BLOCK, 1, readPtr(x), readPtr(gradOut), readPtr(gamma), readPtr(savedMean),
                    readPtr(savedInvStd), ptr(gradX), x.rows(), d);
        }
        launch("myelin_layer_norm_backward_params", ceilDiv(d, COL_X), COL_X, COL_Y, readPtr(x), readPtr(gradOut), readPtr(savedMean), readPtr(savedInvStd),
                ptr(gradGamma), ptr(gradBeta), x.rows(), d);
    }

    @Override
    public synchronized void preluForward(Tensor z, Tensor alpha, Tensor out) {
        String op = "preluForward";
        enter(op);
        LayerChecks.preluForward(operands, z, alpha, out);
        if (z.size() > 0) {
            launch("myelin_prelu_forward", elementGrid(z.size()), BLOCK, 1, readPtr(z), readPtr(alpha), ptr(out), z.rows(), z.cols());
        }
    }

    @Override
    public synchronized void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        String op = "preluBackward";
        enter(op);
        LayerChecks.preluBackward(operands, z, alpha, gradOut, gradZ, gradAlpha);
        if (z.cols() > 0) {
            launch("myelin_prelu_backward", ceilDiv(z.cols(), COL_X), COL_X, COL_Y, readPtr(z), readPtr(alpha), readPtr(gradOut), ptr(gradZ), ptr(gradAlpha),
                    z.rows(), z.cols());
        }
    }

    @Override
    public synchronized void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        String op = "maxoutForward";
        enter(op);
        LayerChecks.maxoutForward(operands, z, k, out, argmax);
        if (out.size() > 0) {
            launch("myelin_maxout_forward", elementGrid(out.size()), BLOCK, 1, readPtr(z), k, ptr(out), ptr(argmax), out.rows(), out.cols());
        }
    }

    /** {@inheritDoc} An arg-max outside {@code [0, k)} is not detected on the device (its row gets no gradient). */
    @Override
    public synchronized void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        String op = "maxoutBackward";
        enter(op);
        LayerChecks.maxoutBackward(operands, gradOut, argmax, k, gradZ);
        if (gradOut.size() > 0) {
            launch("myelin_maxout_backward", elementGrid(gradOut.size()), BLOCK, 1, readPtr(gradOut), readPtr(argmax), k, ptr(gradZ), gradOut.rows(),
                    gradOut.cols());
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Frees every device buffer (live bytes go to 0), the kernels, cuBLAS, the stream and the context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cuCtxSetCurrent(context);
        cuStreamSynchronize(stream);
        pool.freeAll();
        indexBuffer = null;
        kernels.unload();
        JCublas2.cublasDestroy(cublas);
        cuStreamDestroy(stream);
        cuCtxDestroy(context);
    }
}
