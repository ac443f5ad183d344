package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GEMM results must not depend on the thread count or on how the work is partitioned, with either
 * kernel (fused multiply-add or separate multiply and add), and the two kernels must agree.
 */
class GemmDeterminismTest {
    private static final int[][] SHAPES = {
        // m, k, n (each above the parallel threshold): row splits, panel splits (few rows),
        // k tails and several k blocks, a ragged last panel, a narrow C computed transposed
        {130, 300, 270}, {8, 260, 600}, {140, 33, 530}, {64, 1027, 40}, {1000, 150, 12},
    };

    static Stream<Arguments> kernels() {
        return Stream.of(Arguments.of(DType.FLOAT64, true), Arguments.of(DType.FLOAT64, false),
                Arguments.of(DType.FLOAT32, true), Arguments.of(DType.FLOAT32, false));
    }

    @ParameterizedTest(name = "{0} fma={1}")
    @MethodSource("kernels")
    void resultsAreBitIdenticalForOneToFourThreads(DType dtype, boolean fma) {
        Random random = new Random(42);
        for (int[] shape : SHAPES) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            for (int combo = 0; combo < 4; combo++) {
                boolean ta = (combo & 1) != 0;
                boolean tb = (combo & 2) != 0;
                double[] a = HostValues.gaussian(random, m * k);
                double[] b = HostValues.gaussian(random, k * n);
                double[] c0 = HostValues.gaussian(random, m * n);
                double[] reference = null;
                for (int threads = 1; threads <= 4; threads++) {
                    double[] result = run(dtype, fma, threads, ta, tb, m, k, n, a, b, c0);
                    if (reference == null) {
                        reference = result;
                    } else {
                        assertThat(HostValues.firstDifference(result, reference))
                                .as("first differing element, %s %dx%dx%d ta=%s tb=%s threads=%d",
                                        dtype, m, k, n, ta, tb, threads)
                                .isEqualTo(-1);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fusedAndSeparateKernelsAgreeWithinRounding(DType dtype) {
        Random random = new Random(7);
        int m = 70;
        int k = 301;
        int n = 270;
        double[] a = HostValues.gaussian(random, m * k);
        double[] b = HostValues.gaussian(random, k * n);
        double[] c0 = HostValues.gaussian(random, m * n);
        double[] fused = run(dtype, true, 2, false, true, m, k, n, a, b, c0);
        double[] separate = run(dtype, false, 2, false, true, m, k, n, a, b, c0);
        double perK = dtype == DType.FLOAT64 ? 1e-15 : 1e-6;
        int differing = 0;
        for (int i = 0; i < fused.length; i++) {
            assertThat(Math.abs(fused[i] - separate[i])).as("element %d", i)
                    .isLessThanOrEqualTo(perK * k * 0.75 * 5 * 5 + 1e-6 * Math.abs(fused[i]));
            if (fused[i] != separate[i]) {
                differing++;
            }
        }
        assertThat(differing).as("the kernels round differently, so some elements differ").isPositive();
    }

    private static double[] run(DType dtype, boolean fma, int threads, boolean ta, boolean tb, int m, int k, int n,
                                double[] a, double[] b, double[] c0) {
        try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(threads), fma)) {
            Tensor ta2 = ta ? backend.allocate(k, m) : backend.allocate(m, k);
            Tensor tb2 = tb ? backend.allocate(n, k) : backend.allocate(k, n);
            Tensor tc = backend.allocate(m, n);
            backend.upload(a, 0, ta2);
            backend.upload(b, 0, tb2);
            backend.upload(c0, 0, tc);
            backend.gemm(ta, tb, 0.75, ta2, tb2, -0.5, tc);
            double[] out = new double[m * n];
            backend.download(tc, out, 0);
            return out;
        }
    }
}
