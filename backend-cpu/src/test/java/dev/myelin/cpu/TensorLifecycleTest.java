package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import org.junit.jupiter.api.Test;

class TensorLifecycleTest {

    @Test
    void closingOwningTensorsReturnsTheirBytes() {
        try (CpuBackend backend = new CpuBackend(DType.FLOAT32, new BackendOptions(1))) {
            Tensor a = backend.allocate(3, 4);
            Tensor b = backend.allocate(10, 1);
            Tensor v = backend.view(a, 2, 2, 5);
            assertThat(backend.liveTensors()).isEqualTo(2);
            assertThat(backend.liveBytes()).isEqualTo((12 + 10) * 4L);
            v.close();
            assertThat(backend.liveTensors()).isEqualTo(2);
            a.close();
            a.close();
            b.close();
            assertThat(backend.liveTensors()).isZero();
            assertThat(backend.liveBytes()).isZero();
        }
    }

    @Test
    void viewsShareStorageAtTheirOffset() {
        try (CpuBackend backend = new CpuBackend(DType.FLOAT64, new BackendOptions(1))) {
            Tensor flat = backend.allocate(1, 10);
            backend.upload(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, flat);
            Tensor view = backend.view(flat, 3, 2, 2);
            Tensor inner = backend.view(view, 1, 1, 2);
            assertThat(backend.readScalar(view, 0)).isEqualTo(3.0);
            assertThat(backend.readScalar(inner, 1)).isEqualTo(5.0);
            backend.fill(inner, -1);
            double[] all = new double[10];
            backend.download(flat, all, 0);
            assertThat(all).containsExactly(0, 1, 2, 3, -1, -1, 6, 7, 8, 9);
        }
    }

    @Test
    void viewOutsideItsBaseIsRejected() {
        try (CpuBackend backend = new CpuBackend(DType.FLOAT64, new BackendOptions(1))) {
            Tensor flat = backend.allocate(1, 10);
            assertThatThrownBy(() -> backend.view(flat, 8, 1, 3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 8");
        }
    }

    @Test
    void closedTensorsAndViewsOfThemFailWithTheOperationNamed() {
        try (CpuBackend backend = new CpuBackend(DType.FLOAT64, new BackendOptions(1))) {
            Tensor a = backend.allocate(2, 2);
            Tensor view = backend.view(a, 0, 1, 2);
            a.close();
            assertThatThrownBy(() -> backend.fill(a, 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("fill").hasMessageContaining("after close()");
            assertThatThrownBy(() -> backend.scale(view, 2)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("scale").hasMessageContaining("view of a tensor that was closed");
        }
    }

    @Test
    void tensorsOfAnotherBackendAreRejected() {
        try (CpuBackend one = new CpuBackend(DType.FLOAT64, new BackendOptions(1));
             CpuBackend other = new CpuBackend(DType.FLOAT64, new BackendOptions(1))) {
            Tensor mine = one.allocate(2, 2);
            Tensor theirs = other.allocate(2, 2);
            assertThatThrownBy(() -> one.copy(theirs, mine)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("copy").hasMessageContaining("another backend");
        }
    }

    @Test
    void aClosedBackendRefusesWork() {
        CpuBackend backend = new CpuBackend(DType.FLOAT32, new BackendOptions(2));
        Tensor a = backend.allocate(2, 2);
        backend.close();
        assertThatThrownBy(() -> backend.fill(a, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> backend.allocate(1, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void gemmRefusesAnOutputThatOverlapsAnInput() {
        try (CpuBackend backend = new CpuBackend(DType.FLOAT64, new BackendOptions(1))) {
            Tensor flat = backend.allocate(1, 20);
            Tensor a = backend.view(flat, 0, 2, 2);
            Tensor b = backend.view(flat, 4, 2, 2);
            Tensor overlapping = backend.view(flat, 3, 2, 2);
            Tensor separate = backend.view(flat, 8, 2, 2);
            assertThatThrownBy(() -> backend.gemm(false, false, 1, a, b, 0, overlapping))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gemm").hasMessageContaining("overlaps");
            backend.upload(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, backend.view(flat, 0, 1, 8));
            backend.gemm(false, false, 1, a, b, 0, separate);
            double[] c = new double[4];
            backend.download(separate, c, 0);
            assertThat(c).containsExactly(1 * 5 + 2 * 7, 1 * 6 + 2 * 8, 3 * 5 + 4 * 7, 3 * 6 + 4 * 8);
        }
    }

    @Test
    void float32StorageRoundsOnUpload() {
        try (CpuBackend backend = new CpuBackend(DType.FLOAT32, new BackendOptions(1))) {
            Tensor t = backend.allocate(1, 1);
            backend.upload(new double[] {0.1}, 0, t);
            assertThat(backend.readScalar(t, 0)).isEqualTo((double) 0.1f);
        }
    }
}
