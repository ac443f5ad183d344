package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GEMM results must not depend on the thread count or on how the work is partitioned. */
class GemmDeterminismTest {
    private static final int[][] SHAPES = {
        // m, k, n (each above the parallel threshold): row splits, panel splits (few rows),
        // k tails and several k blocks, a ragged last panel
        {130, 300, 270}, {8, 260, 600}, {140, 33, 530}, {64, 1027, 40},
    };

    @ParameterizedTest
    @EnumSource(DType.class)
    void resultsAreBitIdenticalForOneToFourThreads(DType dtype) {
        Random random = new Random(42);
        for (int[] shape : SHAPES) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            for (int combo = 0; combo < 4; combo++) {
                boolean ta = (combo & 1) != 0;
                boolean tb = (combo & 2) != 0;
                double[] a = gaussian(random, m * k);
                double[] b = gaussian(random, k * n);
                double[] c0 = gaussian(random, m * n);
                double[] reference = null;
                for (int threads = 1; threads <= 4; threads++) {
                    double[] result = run(dtype, threads, ta, tb, m, k, n, a, b, c0);
                    if (reference == null) {
                        reference = result;
                    } else {
                        assertThat(firstDifference(result, reference))
                                .as("first differing element, %s %dx%dx%d ta=%s tb=%s threads=%d",
                                        dtype, m, k, n, ta, tb, threads)
                                .isEqualTo(-1);
                    }
                }
            }
        }
    }

    private static double[] run(DType dtype, int threads, boolean ta, boolean tb, int m, int k, int n,
                                double[] a, double[] b, double[] c0) {
        try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(threads))) {
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

    /** Index of the first element whose bits differ, or −1. */
    private static int firstDifference(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) {
                return i;
            }
        }
        return -1;
    }

    private static double[] gaussian(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }
}
