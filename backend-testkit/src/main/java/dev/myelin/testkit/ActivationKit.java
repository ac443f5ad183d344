package dev.myelin.testkit;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Tensor;
import dev.myelin.nn.Activation;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Activations on large operands: forward and backward of every element-wise kind over a {@code [9, 301]} operand (a
 * view inside a sentinel-filled buffer every other call), in place too, against PyTorch's values (the golden file's
 * inputs repeated over the operand, {@link GoldenActivations}); softmax, which is row-wise, against its formula over
 * 13 columns; finite results for huge inputs.
 *
 * <p>Part of the backend test kit: a backend module's test class implements this interface (or {@link
 * BackendTestKit}, which gathers every area) and supplies the backend; see {@link BackendKit}.
 */
public interface ActivationKit extends BackendKit {

    /** Every element-wise golden case. */
    static Stream<GoldenActivations.Case> elementWise() {
        return GoldenActivations.elementWise();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.myelin.testkit.ActivationKit#elementWise")
    default void activationForwardAndBackwardMatchPyTorchOverALargeOperand(GoldenActivations.Case golden) {
        GoldenFile file = golden.load();
        Activation activation = golden.activation();
        ActivationKind kind = activation.kind();
        double alpha = activation.alpha();
        int rows = 9;
        int cols = 301;
        Tensor z = operand(rows, cols, tiled(file.get("z"), rows * cols));
        Tensor out = operand(rows, cols);
        double[] outRef = tiled(file.get("out"), rows * cols);
        backend().activationForward(kind, alpha, z, out);
        assertClose(activation + " forward", outRef, held(out));

        Tensor gradOut = operand(rows, cols, tiled(file.get("dy"), rows * cols));
        Tensor gradZ = operand(rows, cols);
        double[] gzRef = tiled(file.get("dz"), rows * cols);
        backend().activationBackward(kind, alpha, z, out, gradOut, gradZ);
        assertClose(activation + " backward", gzRef, held(gradZ));
        assertBordersIntact(activation.toString(), out, gradZ);

        backend().activationBackward(kind, alpha, z, out, gradOut, gradOut);
        assertClose(activation + " backward in place (gradZ = gradOut)", gzRef, held(gradOut));
        backend().activationForward(kind, alpha, z, z);
        assertClose(activation + " forward in place (out = z)", outRef, held(z));
    }

    /** {@code values} repeated to length {@code n}. */
    private static double[] tiled(double[] values, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = values[i % values.length];
        }
        return t;
    }

    @Test
    default void softmaxForwardAndBackwardMatchTheFormulas() {
        int rows = 9;
        int cols = 13;
        double[] zs = gaussian(rows * cols);
        for (int i = 0; i < zs.length; i++) {
            zs[i] *= 3;
        }
        zs[0] = 0;
        zs[1] = 40;
        zs[2] = -40;
        Tensor z = operand(rows, cols, zs);
        Tensor out = operand(rows, cols);
        double[] zv = held(z);
        backend().activationForward(ActivationKind.SOFTMAX, 0, z, out);
        double[] outRef = new double[zv.length];
        for (int i = 0; i < rows; i++) {
            double lse = Formulas.logSumExp(zv, i * cols, cols);
            for (int j = 0; j < cols; j++) {
                outRef[i * cols + j] = Math.exp(zv[i * cols + j] - lse);
            }
        }
        assertClose("softmax forward", outRef, held(out));

        Tensor gradOut = operand(rows, cols, gaussian(rows * cols));
        Tensor gradZ = operand(rows, cols);
        double[] g = held(gradOut);
        double[] o = held(out);
        backend().activationBackward(ActivationKind.SOFTMAX, 0, z, out, gradOut, gradZ);
        double[] gzRef = new double[zv.length];
        double[] scale = new double[zv.length];
        for (int i = 0; i < rows; i++) {
            double dot = 0;
            double absDot = 0;
            for (int j = 0; j < cols; j++) {
                dot += g[i * cols + j] * o[i * cols + j];
                absDot += Math.abs(g[i * cols + j] * o[i * cols + j]);
            }
            for (int j = 0; j < cols; j++) {
                int e = i * cols + j;
                gzRef[e] = o[e] * (g[e] - dot);
                scale[e] = Math.abs(o[e]) * (Math.abs(g[e]) + absDot);
            }
        }
        assertClose("softmax backward", gzRef, held(gradZ), scale);
        assertBordersIntact("softmax", out, gradZ);

        backend().activationBackward(ActivationKind.SOFTMAX, 0, z, out, gradOut, gradOut);
        assertClose("softmax backward in place (gradZ = gradOut)", gzRef, held(gradOut), scale);
        backend().activationForward(ActivationKind.SOFTMAX, 0, z, z);
        assertClose("softmax forward in place (out = z)", outRef, held(z));
    }

    @Test
    default void sigmoidAndSoftmaxStayFiniteForHugeInputs() {
        Tensor z = operand(1, 4, new double[] {1000, -1000, 0, 80});
        Tensor out = operand(1, 4);
        backend().activationForward(ActivationKind.SIGMOID, 0, z, out);
        assertClose("sigmoid of huge inputs", new double[] {1, 0, 0.5, Formulas.sigmoid(80)}, held(out));
        backend().activationForward(ActivationKind.SOFTMAX, 0, z, out);
        assertClose("softmax of huge inputs", new double[] {1, 0, 0, 0}, held(out));
    }
}
