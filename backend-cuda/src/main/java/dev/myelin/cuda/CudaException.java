package dev.myelin.cuda;

import jcuda.driver.CUresult;
import jcuda.jcublas.cublasStatus;
import jcuda.nvrtc.nvrtcResult;

/**
 * A CUDA driver, cuBLAS or NVRTC call failed: the message names the call, the error and what to do.
 * {@link #errorName()} is the CUDA name of the error (e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}).
 *
 * <p>Its fields are final; safe to share between threads once thrown.
 */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final String errorName;
    private final int code;

    CudaException(String call, String errorName, int code, String message) {
        super(message);
        this.call = call;
        this.errorName = errorName;
        this.code = code;
    }

    /** The failing call, e.g. {@code cuMemAlloc(4096 bytes)}. */
    public String call() {
        return call;
    }

    /** The CUDA name of the error. */
    public String errorName() {
        return errorName;
    }

    /** The numeric result code of the failing call. */
    public int code() {
        return code;
    }

    /** Whether the device ran out of memory. */
    public boolean isOutOfMemory() {
        return code == CUresult.CUDA_ERROR_OUT_OF_MEMORY && errorName.startsWith("CUDA_")
                || errorName.equals("CUBLAS_STATUS_ALLOC_FAILED");
    }

    static CudaException driver(String call, int result) {
        String name = CUresult.stringFor(result);
        return new CudaException(call, name, result, call + " failed: " + name + ". " + advice(result));
    }

    static CudaException cublas(String call, int status) {
        String name = cublasStatus.stringFor(status);
        String advice = status == cublasStatus.CUBLAS_STATUS_ALLOC_FAILED
                ? "cuBLAS could not allocate device memory: use a smaller batch or model."
                : status == cublasStatus.CUBLAS_STATUS_NOT_INITIALIZED
                        ? "cuBLAS did not initialise: check that libcublas.so.12 matches the driver (CUDA 12)."
                        : "This is a bug in Myelin's cuBLAS call or a broken cuBLAS installation; please report it.";
        return new CudaException(call, name, status, call + " failed: " + name + ". " + advice);
    }

    static CudaException nvrtc(String call, int result, String log) {
        String name = nvrtcResult.stringFor(result);
        return new CudaException(call, name, result, call + " failed: " + name
                + (log == null || log.isBlank() ? "" : "; compiler log:\n" + log.strip())
                + "\nCheck that libnvrtc.so.12 (CUDA 12 toolkit) is installed, or update the driver to R520+ (CUDA 11.8 or newer) so that it loads the packaged PTX.");
    }

    private static String advice(int result) {
        switch (result) {
            case CUresult.CUDA_ERROR_OUT_OF_MEMORY:
                return "The device is out of memory: use a smaller batch, a smaller model, or a data set that is not resident on the device.";
            case CUresult.CUDA_ERROR_NO_DEVICE:
                return "No CUDA device is visible: check nvidia-smi and CUDA_VISIBLE_DEVICES, or use --backend cpu.";
            case CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH:
                return "The NVIDIA driver and its kernel module do not match: reboot or reinstall the driver, or use --backend cpu.";
            case CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION:
                return "The driver is too old for the packaged PTX and the NVRTC fallback failed: install libnvrtc.so.12 or an R520+ driver.";
            case CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU:
            case CUresult.CUDA_ERROR_INVALID_IMAGE:
            case CUresult.CUDA_ERROR_INVALID_PTX:
                return "The driver rejected Myelin's kernel module for this GPU: Myelin needs compute capability 7.5 or newer.";
            case CUresult.CUDA_ERROR_LAUNCH_FAILED:
            case CUresult.CUDA_ERROR_ILLEGAL_ADDRESS:
            case CUresult.CUDA_ERROR_LAUNCH_TIMEOUT:
            case CUresult.CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES:
                return "A kernel failed; the CUDA context is unusable now: close this backend and open a new one (and please report it).";
            case CUresult.CUDA_ERROR_NOT_SUPPORTED:
                return "The driver does not support this call: update the NVIDIA driver.";
            default:
                return "See the CUDA driver API documentation of this error.";
        }
    }
}
