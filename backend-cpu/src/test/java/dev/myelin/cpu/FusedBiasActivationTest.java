package dev.myelin.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

/**
 * A dense layer's fused bias add and activation (forward) and fused activation gradient and bias gradient (backward)
 * give the bits of the separate calls, for every activation, both precisions and one to three threads, on a matrix
 * large enough to be split over the threads, with a row length that is not a multiple of the tile.
 */
class FusedBiasActivationTest {
    private static final int ROWS = 300;
    private static final int COLS = 257;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void fusedCallsGiveTheBitsOfTheSeparateCalls(DType dtype) {
        SplittableRandom rng = new SplittableRandom(11);
        double[] z = HostValues.uniform(ROWS * COLS, rng);
        double[] bias = HostValues.uniform(COLS, rng);
        double[] gradOut = HostValues.uniform(ROWS * COLS, rng);
        for (int threads = 1; threads <= 3; threads++) {
            try (CpuBackend backend = new CpuBackend(dtype, new BackendOptions(threads), CpuGemm.JAVA);
                 Tensor b = backend.allocate(1, COLS); Tensor g = backend.allocate(ROWS, COLS);
                 Tensor z1 = backend.allocate(ROWS, COLS); Tensor out1 = backend.allocate(ROWS, COLS);
                 Tensor gz1 = backend.allocate(ROWS, COLS); Tensor db1 = backend.allocate(1, COLS);
                 Tensor z2 = backend.allocate(ROWS, COLS); Tensor out2 = backend.allocate(ROWS, COLS);
                 Tensor gz2 = backend.allocate(ROWS, COLS); Tensor db2 = backend.allocate(1, COLS)) {
                backend.upload(bias, 0, b);
                backend.upload(gradOut, 0, g);
                for (ActivationKind kind : ActivationKind.values()) {
                    double alpha = 0.2;
                    backend.upload(z, 0, z1);
                    backend.addRowVector(z1, b);
                    backend.activationForward(kind, alpha, z1, out1);
                    backend.activationBackward(kind, alpha, z1, out1, g, gz1);
                    backend.columnSums(gz1, 0.0, db1);

                    backend.upload(z, 0, z2);
                    backend.fill(db2, Double.NaN); // β = 0: what was there must not matter
                    backend.addRowVectorActivation(kind, alpha, z2, b, out2);
                    backend.activationBackwardColumnSums(kind, alpha, z2, out2, g, gz2, db2);

                    String where = dtype + ", " + kind + ", " + threads + " thread(s): ";
                    assertSameBits(backend, z2, z1, where + "z + bias");
                    assertSameBits(backend, out2, out1, where + "f(z + bias)");
                    assertSameBits(backend, gz2, gz1, where + "∂L/∂z");
                    assertSameBits(backend, db2, db1, where + "bias gradient");
                }
            }
        }
    }

    private static void assertSameBits(CpuBackend backend, Tensor got, Tensor expected, String what) {
        double[] g = new double[got.size()];
        double[] e = new double[expected.size()];
        backend.download(got, g, 0);
        backend.download(expected, e, 0);
        assertThat(HostValues.firstDifference(g, e)).as(what + ": first differing element").isEqualTo(-1);
    }
}
