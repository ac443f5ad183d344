package dev.myelin.cuda;

import dev.myelin.backend.Availability;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.BackendProvider;
import dev.myelin.backend.BackendUnavailableException;
import dev.myelin.backend.DType;

/**
 * Service provider of {@link CudaBackend}: name {@code cuda}, priority 100 (before the CPU). The probe
 * opens the backend once (driver, device, cuBLAS, kernels) and closes it again, so its answer is the
 * exact reason the backend cannot run: no {@code libcuda.so.1}, no device, no {@code libcublas.so.12},
 * no {@code libnvrtc.so.12} when the driver refuses the PTX, a rejected module.
 *
 * <p>Thread-safe: its only shared state, the cached link failure, is volatile. The backends it opens follow
 * {@link CudaBackend}'s rules.
 */
public final class CudaBackendProvider implements BackendProvider {
    /** The name users select this backend by. */
    public static final String NAME = "cuda";

    /**
     * The reason of the first failure to load a JCuda JNI library: a JVM cannot load the class again, and
     * later attempts would only answer "Could not initialize class".
     */
    private static volatile String linkFailure;

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public CudaBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 100: tried before the CPU backend. */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability probe() {
        if (linkFailure != null) {
            return Availability.no(linkFailure);
        }
        try (CudaBackend backend = new CudaBackend(CudaOptions.fromSystemProperties())) {
            return Availability.yes("CUDA driver " + backend.driverVersion() + " opened the device, cuBLAS and the kernels");
        } catch (LinkageError e) {
            linkFailure = reason(e);
            return Availability.no(linkFailure);
        } catch (Throwable t) {
            return Availability.no(reason(t));
        }
    }

    /** Opens a {@link CudaBackend}; float32 only. */
    @Override
    public Backend open(DType dtype, BackendOptions options) {
        if (dtype != DType.FLOAT32) {
            throw new UnsupportedOperationException("the cuda backend computes in float32 only, not " + dtype
                    + "; use --backend cpu for float64");
        }
        if (linkFailure != null) {
            throw new BackendUnavailableException("cuda: " + linkFailure);
        }
        try {
            return new CudaBackend(CudaOptions.fromSystemProperties());
        } catch (LinkageError e) {
            linkFailure = reason(e);
            throw new BackendUnavailableException("cuda: " + linkFailure, e);
        } catch (CudaException | IllegalStateException e) {
            throw new BackendUnavailableException("cuda: " + reason(e), e);
        }
    }

    /** Words a user can act on for why the backend did not open. */
    static String reason(Throwable t) {
        String text = messages(t);
        if (t instanceof LinkageError || t.getCause() instanceof LinkageError) {
            if (text.contains("libcuda.so") || text.contains("JCudaDriver")) {
                return "libcuda.so.1 (the NVIDIA driver) could not be loaded: install an NVIDIA driver for CUDA 12 (" + firstLine(text) + ")";
            }
            if (text.contains("libcublas") || text.contains("JCublas")) {
                return "libcublas.so.12 could not be loaded: install the CUDA 12 cuBLAS library (apt: libcublas12) or put it on LD_LIBRARY_PATH ("
                        + firstLine(text) + ")";
            }
            if (text.contains("nvrtc") || text.contains("Nvrtc")) {
                return "the driver refused the packaged PTX and libnvrtc.so.12 could not be loaded for the fallback: install the CUDA 12 NVRTC"
                        + " library (apt: libnvrtc12) or a driver for CUDA 11.8 or newer (R520+), which loads the packaged PTX (" + firstLine(text) + ")";
            }
            return "a native library could not be loaded: " + firstLine(text);
        }
        if (t instanceof CudaException) {
            CudaException e = (CudaException) t;
            if (e.errorName().equals("CUDA_ERROR_NO_DEVICE") || e.errorName().equals("CUDA_ERROR_INVALID_DEVICE")) {
                return "no CUDA device: " + e.getMessage();
            }
            if (e.call().startsWith("cuModuleLoadData") || e.call().startsWith("nvrtc")) {
                return "the kernel module was rejected: " + e.getMessage();
            }
            return e.getMessage();
        }
        return t.getClass().getSimpleName() + ": " + firstLine(text);
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
        }
        return b.toString();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
