package dev.myelin.backend;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceManagerTest {

    /** A provider that opens nothing real: {@link #open} fails the test unless the provider is usable. */
    private record FakeProvider(String name, int priority, Availability availability) implements BackendProvider {
        @Override
        public Availability probe() {
            return availability;
        }

        @Override
        public Backend open(DType dtype, BackendOptions options) {
            if (!availability.usable()) {
                throw new AssertionError("opened an unusable backend");
            }
            throw new OpenedMarker(name);
        }
    }

    private static final class OpenedMarker extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OpenedMarker(String name) {
            super(name);
        }
    }

    private static final FakeProvider CUDA_MISSING = new FakeProvider("cuda", 100, Availability.no("libcuda.so.1 not found (no NVIDIA driver)"));
    private static final FakeProvider CUDA_OK = new FakeProvider("cuda", 100, Availability.yes("device 0: simulated"));
    private static final FakeProvider CPU = new FakeProvider("cpu", 0, Availability.yes("pure Java"));

    private static String opened(DeviceManager manager, String requested) {
        try {
            manager.open(requested, DType.FLOAT32, BackendOptions.defaults(), null);
            throw new AssertionError("nothing opened");
        } catch (OpenedMarker m) {
            return m.getMessage();
        }
    }

    @Test
    void picksHighestPriorityUsableBackend() {
        assertThat(opened(new DeviceManager(List.of(CPU, CUDA_OK), null, null), null)).isEqualTo("cuda");
        assertThat(opened(new DeviceManager(List.of(CPU, CUDA_MISSING), null, null), null)).isEqualTo("cpu");
    }

    @Test
    void flagBeatsPropertyBeatsEnvironment() {
        DeviceManager manager = new DeviceManager(List.of(CPU, CUDA_OK), "cpu", "cuda");
        assertThat(opened(manager, null)).isEqualTo("cpu");
        assertThat(opened(manager, "cuda")).isEqualTo("cuda");
        assertThat(opened(new DeviceManager(List.of(CPU, CUDA_OK), null, "cpu"), null)).isEqualTo("cpu");
        assertThat(opened(new DeviceManager(List.of(CPU, CUDA_OK), "auto", "cpu"), null)).isEqualTo("cpu");
    }

    @Test
    void namedBackendThatCannotRunIsAnErrorWithTheReason() {
        DeviceManager manager = new DeviceManager(List.of(CPU, CUDA_MISSING), null, null);
        assertThatThrownBy(() -> manager.open("cuda", DType.FLOAT32, BackendOptions.defaults(), null))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("--backend")
                .hasMessageContaining("libcuda.so.1 not found");
    }

    @Test
    void unknownBackendNamesTheAvailableOnes() {
        DeviceManager manager = new DeviceManager(List.of(CPU), "tpu", null);
        assertThatThrownBy(() -> manager.open(null, DType.FLOAT32, BackendOptions.defaults(), null))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("'tpu'").hasMessageContaining("-Dmyelin.backend").hasMessageContaining("[cpu]");
    }

    @Test
    void noProvidersSaysWhichDependencyToAdd() {
        assertThatThrownBy(() -> new DeviceManager(List.of(), null, null).open(null, DType.FLOAT64, BackendOptions.defaults(), null))
                .hasMessageContaining("myelin-backend-cpu");
    }

    @Test
    void negativeThreadCountIsRejected() {
        assertThatThrownBy(() -> new BackendOptions(-1)).hasMessageContaining("threads must be >= 0");
    }
}
