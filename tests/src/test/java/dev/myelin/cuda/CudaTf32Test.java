package dev.myelin.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Tensor;
import dev.myelin.sim.SimulatedDevice;
import org.junit.jupiter.api.Test;

/** cuBLAS math mode: float32 GEMM is exact to float rounding by default; TF32 (inputs to 10 mantissa bits) only when asked. */
@SimulatedDevice
class CudaTf32Test {

    /** 1 + 2^-12 needs 12 mantissa bits: float keeps it, TF32 rounds it to 1. */
    private static final double X = 1 + Math.pow(2, -12);

    private static double product(CudaOptions options) {
        try (CudaBackend cuda = new CudaBackend(options); Tensor a = cuda.allocate(1, 1); Tensor b = cuda.allocate(1, 1);
             Tensor c = cuda.allocate(1, 1)) {
            cuda.fill(a, X);
            cuda.fill(b, 1);
            cuda.gemm(false, false, 1, a, b, 0, c);
            return cuda.readScalar(c, 0);
        }
    }

    @Test
    void tf32IsOffByDefaultAndOnWhenAsked() {
        assertThat(product(CudaOptions.defaults())).isEqualTo(X);
        assertThat(product(new CudaOptions(0, true))).isEqualTo(1.0);
        assertThat(new CudaBackendDescription(new CudaOptions(0, true)).text()).contains("TF32 on");
    }

    /** Opens a backend only to read its description. */
    private record CudaBackendDescription(CudaOptions options) {
        String text() {
            try (CudaBackend cuda = new CudaBackend(options)) {
                return cuda.description();
            }
        }
    }
}
