package dev.myelin.cuda;

/**
 * Settings of a {@link CudaBackend} beyond {@link dev.myelin.backend.BackendOptions}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param device ordinal of the CUDA device
 * @param tf32   let cuBLAS use TF32 tensor cores for float32 GEMM (faster on Ampere and later, inputs
 *               rounded to 10 mantissa bits); off by default so results match the CPU backend
 */
public record CudaOptions(int device, boolean tf32) {
    /** System property that turns TF32 on for backends opened through the provider. */
    public static final String TF32_PROPERTY = "myelin.cuda.tf32";
    /** System property choosing the device ordinal for backends opened through the provider. */
    public static final String DEVICE_PROPERTY = "myelin.cuda.device";

    /** Device 0, TF32 off. */
    public static CudaOptions defaults() {
        return new CudaOptions(0, false);
    }

    /** From the system properties {@value #DEVICE_PROPERTY} and {@value #TF32_PROPERTY}. */
    public static CudaOptions fromSystemProperties() {
        return new CudaOptions(Integer.getInteger(DEVICE_PROPERTY, 0), Boolean.getBoolean(TF32_PROPERTY));
    }

    public CudaOptions {
        if (device < 0) {
            throw new IllegalArgumentException("device must be >= 0, got " + device);
        }
    }
}
