package dev.myelin.kernels;

import static dev.myelin.cuda.LaunchGeometry.columnGrid;
import static dev.myelin.cuda.LaunchGeometry.elementGrid;
import static dev.myelin.cuda.LaunchGeometry.rowGrid;
import static dev.myelin.kernels.KernelHarness.assertClose;
import static dev.myelin.kernels.KernelHarness.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Tensor;
import dev.myelin.sim.SimulatedDevice;
import java.util.Random;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code activations.cu} against the float64 CPU backend: every element-wise kind forward and
 * backward (the kind code is {@link ActivationKind#ordinal()}), the fused bias-and-activation operations of a dense
 * layer, and row-wise softmax. Float
 * arithmetic with libm's float functions: tolerance 1e-5 relative + 1e-6 absolute.
 */
@SimulatedDevice
class ActivationKernelsTest extends KernelTestCase {

    private static final double REL = 1e-5;
    private static final double ABS = 1e-6;

    private static double alphaOf(ActivationKind kind) {
        switch (kind) {
            case LEAKY_RELU: return 0.01;
            case ELU: return 1.3;
            case RECTIFIER: return -1.0;
            default: return 0.0;
        }
    }

    @Test
    void everyElementWiseActivationForwardAndBackwardMatchesFloat64() {
        Random random = new Random(31);
        for (int n : new int[] {1, 257, 3001}) {
            float[] z = random(random, n, -6, 6);
            z[0] = 0f;
            if (n > 4) {
                z[1] = 30f;
                z[2] = -30f;
                z[3] = -0.0f;
            }
            float[] g = random(random, n, -1, 1);
            for (ActivationKind kind : ActivationKind.values()) {
                if (kind == ActivationKind.SOFTMAX) {
                    continue;
                }
                double alpha = alphaOf(kind);
                Tensor tz = h.tensor(z, 1, n);
                Tensor out = h.cpu.allocate(1, n);
                h.cpu.activationForward(kind, alpha, tz, out);
                CUdeviceptr dz = h.upload(z);
                CUdeviceptr dout = h.upload(new float[n]);
                h.launch1d(h.function("myelin_activation_forward"), elementGrid(n), kind.ordinal(), (float) alpha, dz, dout, n);
                assertClose(kind + " forward n=" + n, h.download(dout, n), h.values(out), REL, ABS);

                Tensor gz = h.cpu.allocate(1, n);
                h.cpu.activationBackward(kind, alpha, tz, out, h.tensor(g, 1, n), gz);
                CUdeviceptr dgz = h.upload(new float[n]);
                h.launch1d(h.function("myelin_activation_backward"), elementGrid(n), kind.ordinal(), (float) alpha, dz,
                        h.upload(g), dgz, n);
                assertClose(kind + " backward n=" + n, h.download(dgz, n), h.values(gz), REL, ABS);
            }
        }
    }

    /**
     * The fused operations of a dense layer give the bits of the two launches they replace (bias add then activation;
     * activation gradient then column sums with β = 0) for every element-wise kind, and match float64 (column sums:
     * 1e-5 relative + 1e-5 absolute, a sum over up to 130 rows).
     */
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "3, 10", "37, 33", "9, 100", "130, 7"})
    void theFusedBiasActivationAndGradientColumnSumsGiveTheBitsOfTheTwoLaunches(int rows, int cols) {
        Random random = new Random(33);
        int n = rows * cols;
        float[] z = random(random, n, -4, 4);
        float[] bias = random(random, cols, -1, 1);
        float[] g = random(random, n, -1, 1);
        for (ActivationKind kind : ActivationKind.values()) {
            if (kind == ActivationKind.SOFTMAX) {
                continue;
            }
            String what = kind + " " + rows + "x" + cols;
            float alpha = (float) alphaOf(kind);
            CUdeviceptr dbias = h.upload(bias);
            CUdeviceptr twoZ = h.upload(z);
            CUdeviceptr twoOut = h.upload(new float[n]);
            h.launch1d(h.function("myelin_add_row_vector"), elementGrid(n), twoZ, dbias, rows, cols);
            h.launch1d(h.function("myelin_activation_forward"), elementGrid(n), kind.ordinal(), alpha, twoZ, twoOut, n);
            CUdeviceptr fusedZ = h.upload(z);
            CUdeviceptr fusedOut = h.upload(new float[n]);
            h.launch1d(h.function("myelin_add_row_vector_activation"), elementGrid(n), kind.ordinal(), alpha, fusedZ, dbias, fusedOut, rows,
                    cols);
            assertThat(h.download(fusedZ, n)).as(what + ": z + bias").containsExactly(h.download(twoZ, n));
            assertThat(h.download(fusedOut, n)).as(what + ": f(z + bias)").containsExactly(h.download(twoOut, n));
            Tensor tz = h.tensor(z, rows, cols);
            Tensor out = h.cpu.allocate(rows, cols);
            h.cpu.addRowVectorActivation(kind, alpha, tz, h.tensor(bias, 1, cols), out);
            assertClose(what + " forward against float64", h.download(fusedOut, n), h.values(out), REL, ABS);

            CUdeviceptr dg = h.upload(g);
            CUdeviceptr twoGz = h.upload(new float[n]);
            CUdeviceptr twoSums = h.upload(new float[cols]);
            h.launch1d(h.function("myelin_activation_backward"), elementGrid(n), kind.ordinal(), alpha, fusedZ, dg, twoGz, n);
            h.launchColumns(h.function("myelin_column_sums"), columnGrid(cols), twoGz, rows, cols, 0f, twoSums);
            CUdeviceptr fusedGz = h.upload(new float[n]);
            CUdeviceptr fusedSums = h.upload(random(random, cols, 5, 6)); // overwritten
            h.launchColumns(h.function("myelin_activation_backward_column_sums"), columnGrid(cols), kind.ordinal(), alpha, fusedZ, dg,
                    fusedGz, fusedSums, rows, cols);
            assertThat(h.download(fusedGz, n)).as(what + ": gradZ").containsExactly(h.download(twoGz, n));
            assertThat(h.download(fusedSums, cols)).as(what + ": bias gradient").containsExactly(h.download(twoSums, cols));
            Tensor gz = h.cpu.allocate(rows, cols);
            Tensor sums = h.cpu.allocate(1, cols);
            h.cpu.activationBackwardColumnSums(kind, alpha, tz, out, h.tensor(g, rows, cols), gz, sums);
            assertClose(what + " gradZ against float64", h.download(fusedGz, n), h.values(gz), REL, ABS);
            assertClose(what + " bias gradient against float64", h.download(fusedSums, cols), h.values(sums), 1e-5, 1e-5);
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "3, 10", "37, 33", "9, 100", "130, 7"})
    void softmaxForwardAndBackwardMatchFloat64RowByRow(int rows, int cols) {
        Random random = new Random(32);
        float[] z = random(random, rows * cols, -20, 20);
        float[] g = random(random, rows * cols, -1, 1);
        Tensor tz = h.tensor(z, rows, cols);
        Tensor out = h.cpu.allocate(rows, cols);
        h.cpu.activationForward(ActivationKind.SOFTMAX, 0, tz, out);
        CUdeviceptr dout = h.upload(new float[rows * cols]);
        h.launch1d(h.function("myelin_softmax_forward"), rowGrid(rows), h.upload(z), dout, rows, cols);
        float[] kernelOut = h.download(dout, rows * cols);
        assertClose("softmax " + rows + "x" + cols, kernelOut, h.values(out), REL, ABS);

        // Backward from the kernel's own output on both sides, so only the backward pass is compared.
        Tensor tout = h.tensor(kernelOut, rows, cols);
        Tensor gz = h.cpu.allocate(rows, cols);
        h.cpu.activationBackward(ActivationKind.SOFTMAX, 0, tz, tout, h.tensor(g, rows, cols), gz);
        CUdeviceptr dgz = h.upload(new float[rows * cols]);
        h.launch1d(h.function("myelin_softmax_backward"), rowGrid(rows), dout, h.upload(g), dgz, rows, cols);
        assertClose("softmax backward " + rows + "x" + cols, h.download(dgz, rows * cols), h.values(gz), REL, ABS);
    }
}
