package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

/** OpenBLAS GEMM on the off-heap tensors against a plain triple loop, for both precisions, every transpose and views at offsets. */
class NativeGemmTest {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void nativeGemmMatchesTheTripleLoopForEveryTransposeOnViews(DType dtype) {
        assertThat(NativeGemm.unavailableReason()).as("OpenBLAS natives load on this platform").isNull();
        int m = 37;
        int n = 23;
        int k = 41;
        double tolerance = dtype == DType.FLOAT64 ? 1e-12 : 1e-4;
        try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(2), CpuGemm.NATIVE)) {
            assertThat(backend.description()).contains("OpenBLAS");
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    SplittableRandom rng = new SplittableRandom(7);
                    // A and B are views at odd offsets of one storage: the call must address both where they are
                    double[] a = HostValues.uniform(m * k, rng);
                    double[] b = HostValues.uniform(k * n, rng);
                    double[] c0 = HostValues.uniform(m * n, rng);
                    try (Tensor ab = backend.allocate(1, 3 + m * k + 5 + k * n); Tensor c = backend.allocate(m, n)) {
                        Tensor av = backend.view(ab, 3, transA ? k : m, transA ? m : k);
                        Tensor bv = backend.view(ab, 3 + m * k + 5, transB ? n : k, transB ? k : n);
                        backend.upload(a, 0, av);
                        backend.upload(b, 0, bv);
                        backend.upload(c0, 0, c);
                        double alpha = 0.75;
                        double beta = -0.5;
                        backend.gemm(transA, transB, alpha, av, bv, beta, c);
                        double[] got = new double[m * n];
                        backend.download(c, got, 0);
                        double[] stored = new double[m * n];
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double sum = 0;
                                for (int p = 0; p < k; p++) {
                                    double x = transA ? round(dtype, a[p * m + i]) : round(dtype, a[i * k + p]);
                                    double y = transB ? round(dtype, b[j * k + p]) : round(dtype, b[p * n + j]);
                                    sum += x * y;
                                }
                                stored[i * n + j] = alpha * sum + beta * round(dtype, c0[i * n + j]);
                            }
                        }
                        for (int e = 0; e < m * n; e++) {
                            assertThat(got[e]).as("transA %s transB %s element %d", transA, transB, e).isCloseTo(stored[e], within(tolerance));
                        }
                    }
                }
            }
        }
    }

    private static double round(DType dtype, double v) {
        return dtype == DType.FLOAT32 ? (float) v : v;
    }
}
