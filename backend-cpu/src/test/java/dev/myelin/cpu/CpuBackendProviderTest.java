package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.Availability;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.BackendProvider;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuBackendProviderTest {

    @Test
    void serviceLoaderFindsTheCpuProvider() {
        // Core's device manager does the ServiceLoader look-up (core declares the use, this module the provider).
        List<BackendProvider> found = new DeviceManager().providers();
        assertThat(found).anyMatch(p -> p instanceof CpuBackendProvider);
    }

    @Test
    void providerIsNamedCpuWithPriorityZeroAndAlwaysUsable() {
        CpuBackendProvider provider = new CpuBackendProvider();
        Availability availability = provider.probe();
        assertThat(provider.name()).isEqualTo("cpu");
        assertThat(provider.priority()).isZero();
        assertThat(availability.usable()).isTrue();
        assertThat(availability.reason()).contains("OpenBLAS GEMM")
                .contains(Runtime.getRuntime().availableProcessors() + " thread");
    }

    @Test
    void openBlasRunsTheTrainingProductsUnlessAnotherGemmIsNamed() {
        String before = System.clearProperty(CpuGemm.PROPERTY);
        try (CpuBackend byDefault = new CpuBackend(DType.FLOAT32, new BackendOptions(2))) {
            assertThat(CpuGemm.fromProperty()).isEqualTo(CpuGemm.AUTO);
            assertThat(byDefault.description()).startsWith("CPU, float32, 2 threads, GEMM OpenBLAS (");
        } finally {
            if (before != null) {
                System.setProperty(CpuGemm.PROPERTY, before);
            }
        }
    }

    @Test
    void descriptionSaysWhichGemmRuns() {
        try (CpuBackend openBlas = new CpuBackend(DType.FLOAT32, new BackendOptions(2), CpuGemm.AUTO);
             CpuBackend java = new CpuBackend(DType.FLOAT32, new BackendOptions(2), CpuGemm.JAVA)) {
            assertThat(openBlas.description()).startsWith("CPU, float32, 2 threads, GEMM OpenBLAS (JavaCPP org.bytedeco:openblas) on 2 threads"
                    + " for training, pure Java (").endsWith(") for inference");
            assertThat(java.description()).startsWith("CPU, float32, 2 threads, GEMM pure Java (").doesNotContain("OpenBLAS");
        }
    }

    @Test
    void gemmChoiceIsParsedFromItsName() {
        assertThat(CpuGemm.parse("Native")).isEqualTo(CpuGemm.NATIVE);
        assertThat(CpuGemm.parse("java")).isEqualTo(CpuGemm.JAVA);
        assertThatThrownBy(() -> CpuGemm.parse("blas")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, native or java").hasMessageContaining("'blas'");
    }

    @Test
    void opensBothPrecisionsWithTheRequestedThreadCount() {
        CpuBackendProvider provider = new CpuBackendProvider();
        try (Backend f64 = provider.open(DType.FLOAT64, new BackendOptions(3));
             Backend f32 = provider.open(DType.FLOAT32, new BackendOptions(1))) {
            assertThat(f64.dtype()).isEqualTo(DType.FLOAT64);
            assertThat(f64.name()).isEqualTo("cpu-f64");
            assertThat(f64.description()).contains("float64").contains("3 threads");
            assertThat(((CpuBackend) f64).threads()).isEqualTo(3);
            assertThat(f32.dtype()).isEqualTo(DType.FLOAT32);
            assertThat(f32.name()).isEqualTo("cpu-f32");
            assertThat(f32.description()).contains("float32").contains("1 thread");
        }
    }

    @Test
    void defaultThreadCountIsOnePerCore() {
        try (CpuBackend backend = new CpuBackend(DType.FLOAT64, BackendOptions.defaults())) {
            assertThat(backend.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    @Test
    void deviceManagerPicksCpuWhenNamed() {
        DeviceManager manager = new DeviceManager(List.of(new CpuBackendProvider()), "cpu", null);
        DeviceManager.Selection selection = manager.open(null, DType.FLOAT64, BackendOptions.defaults(), null);
        try (Backend backend = selection.backend()) {
            assertThat(backend).isInstanceOf(CpuBackend.class);
            assertThat(selection.explanation()).contains("cpu");
        }
    }
}
