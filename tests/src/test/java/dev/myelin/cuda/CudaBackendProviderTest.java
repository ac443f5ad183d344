package dev.myelin.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.Availability;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

/** The provider's answers without a device: reasons a user can act on, and a probe that never throws. */
class CudaBackendProviderTest {

    @Test
    void theProbeNeverThrowsAndWithoutADriverSaysLibcudaIsMissing() {
        CudaBackendProvider provider = new CudaBackendProvider();
        assertThat(provider.name()).isEqualTo("cuda");
        assertThat(provider.priority()).isEqualTo(100);
        Availability a = provider.probe();
        // This JVM has no simulator on LD_LIBRARY_PATH; on a GPU machine the probe finds the real driver.
        if (!a.usable()) {
            assertThat(a.reason()).containsAnyOf("libcuda.so.1", "no CUDA device", "libcublas.so.12", "libnvrtc.so.12", "rejected");
        }
        assertThat(provider.probe()).as("a second probe answers the same").isEqualTo(a);
    }

    @Test
    void theServiceLoaderFindsTheProviderBeforeTheCpu() {
        assertThat(new DeviceManager().providers()).extracting(p -> p.name()).containsSubsequence("cuda", "cpu");
    }

    @Test
    void float64IsRefusedNamingTheCpuBackend() {
        assertThatThrownBy(() -> new CudaBackendProvider().open(DType.FLOAT64, BackendOptions.defaults()))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("float32 only").hasMessageContaining("cpu");
    }

    @Test
    void reasonsNameTheMissingLibraryAndTheFix() {
        assertThat(CudaBackendProvider.reason(new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file")))
                .contains("libcuda.so.1").contains("install an NVIDIA driver");
        assertThat(CudaBackendProvider.reason(new UnsatisfiedLinkError("Could not load JCublas2: libcublas.so.12: cannot open shared object file")))
                .contains("libcublas.so.12").contains("libcublas12");
        assertThat(CudaBackendProvider.reason(new UnsatisfiedLinkError("Error while loading native library \"JNvrtc-12.6.0-linux-x86_64\"")))
                .contains("libnvrtc.so.12").contains("R520");
        assertThat(CudaBackendProvider.reason(CudaException.driver("cuDeviceGetCount", CUresult.CUDA_ERROR_NO_DEVICE)))
                .startsWith("no CUDA device").contains("CUDA_ERROR_NO_DEVICE");
        assertThat(CudaBackendProvider.reason(CudaException.driver("cuModuleLoadData(layers.cu compiled by NVRTC for sm_75)",
                CUresult.CUDA_ERROR_INVALID_IMAGE))).startsWith("the kernel module was rejected").contains("CUDA_ERROR_INVALID_IMAGE");
        assertThat(CudaException.driver("cuMemAlloc(1 bytes)", CUresult.CUDA_ERROR_OUT_OF_MEMORY).getMessage()).contains("smaller batch");
    }
}
