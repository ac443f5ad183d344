package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

/**
 * One device opened for work: a context, one (blocking) stream, a cuBLAS handle on that stream and the
 * kernels module's code loaded the first way the driver accepts ({@link #kernelPath()}), with the
 * {@link KernelLauncher} that launches it. The CUDA backend owns one; the kernel tests open one each.
 * Every failing driver or cuBLAS call becomes a {@link CudaException}. Not thread-safe: the owner makes
 * the context current ({@link #makeCurrent}) and serialises its calls.
 */
public final class CudaContext implements AutoCloseable {
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final cublasHandle cublas = new cublasHandle();
    private final KernelModules kernels;
    private final KernelLauncher launcher;
    private final DeviceProperties device;
    private boolean closed;

    /**
     * Opens device {@code ordinal}: context (current on this thread afterwards), stream, cuBLAS (TF32 tensor-op
     * math only when {@code tf32}), kernels. On failure releases what it made and throws a {@link CudaException}.
     */
    public CudaContext(int ordinal, boolean tf32) {
        JCudaDriver.setExceptionsEnabled(false);
        JCublas2.setExceptionsEnabled(false);
        driver(cuInit(0), "cuInit");
        int[] version = new int[1];
        driver(JCudaDriver.cuDriverGetVersion(version), "cuDriverGetVersion");
        int[] count = new int[1];
        driver(cuDeviceGetCount(count), "cuDeviceGetCount");
        if (ordinal >= count[0]) {
            throw new CudaException("cuDeviceGet(" + ordinal + ")", "CUDA_ERROR_INVALID_DEVICE", CUresult.CUDA_ERROR_INVALID_DEVICE,
                    "CUDA device " + ordinal + " does not exist: " + count[0] + " device(s) visible. Choose another with -D"
                    + CudaOptions.DEVICE_PROPERTY + ".");
        }
        CUdevice handle = new CUdevice();
        driver(cuDeviceGet(handle, ordinal), "cuDeviceGet");
        device = DeviceProperties.of(handle, version[0]);
        driver(cuCtxCreate(context, 0, handle), "cuCtxCreate");
        KernelModules loaded = null;
        boolean opened = false;
        try {
            driver(cuStreamCreate(stream, 0), "cuStreamCreate");
            blas(JCublas2.cublasCreate(cublas), "cublasCreate");
            blas(JCublas2.cublasSetStream(cublas, new cudaStream_t(stream)), "cublasSetStream");
            blas(JCublas2.cublasSetMathMode(cublas, tf32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH : cublasMath.CUBLAS_DEFAULT_MATH),
                    "cublasSetMathMode");
            loaded = new KernelModules(device.ccMajor(), device.ccMinor());
            opened = true;
        } finally {
            if (!opened) {
                JCublas2.cublasDestroy(cublas);
                cuCtxDestroy(context);
            }
        }
        kernels = loaded;
        launcher = new KernelLauncher(kernels, stream);
    }

    /** Launches this context's kernels on its stream. */
    public KernelLauncher launcher() {
        return launcher;
    }

    /** Makes the context current on the calling thread; {@code op} names the operation in the error. */
    public void makeCurrent(String op) {
        if (closed) {
            throw new IllegalStateException(op + ": the CUDA context is closed");
        }
        driver(cuCtxSetCurrent(context), "cuCtxSetCurrent (" + op + ")");
    }

    /** Waits for the stream's work; a kernel fault surfaces here as a {@link CudaException}. */
    public void synchronize(String op) {
        driver(cuStreamSynchronize(stream), "cuStreamSynchronize (" + op + ")");
    }

    /** How the kernels were loaded: {@code CUBIN sm_XY (packaged)}, {@code PTX ISA 7.8 (…)} or {@code NVRTC → sm_XY CUBIN (…)}. */
    public String kernelPath() {
        return kernels.path();
    }

    CUstream stream() {
        return stream;
    }

    cublasHandle cublas() {
        return cublas;
    }

    /** The device's name, compute capability, memory and driver version. */
    DeviceProperties device() {
        return device;
    }

    /** Makes the context current and waits for the stream, ignoring errors: the owner frees its memory next, even after a fault. */
    void quiesce() {
        if (!closed) {
            cuCtxSetCurrent(context);
            cuStreamSynchronize(stream);
        }
    }

    static void driver(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw CudaException.driver(call, result);
        }
    }

    static void blas(int status, String call) {
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            throw CudaException.cublas(call, status);
        }
    }

    /**
     * Waits for the stream (errors ignored: a failed context still closes), then unloads the kernels and
     * destroys cuBLAS, the stream and the context. Device memory the owner allocated must be freed before.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cuCtxSetCurrent(context);
        cuStreamSynchronize(stream);
        kernels.unload();
        JCublas2.cublasDestroy(cublas);
        cuStreamDestroy(stream);
        cuCtxDestroy(context);
    }
}
