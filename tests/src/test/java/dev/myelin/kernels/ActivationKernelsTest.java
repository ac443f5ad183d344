package dev.myelin.kernels;

import static dev.myelin.cuda.LaunchGeometry.elementGrid;
import static dev.myelin.cuda.LaunchGeometry.rowGrid;
import static dev.myelin.kernels.KernelHarness.assertClose;
import static dev.myelin.kernels.KernelHarness.random;

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
 * backward (the kind code is {@link ActivationKind#ordinal()}), and row-wise softmax. Float
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
