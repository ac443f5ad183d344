package dev.myelin.testkit;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Element-wise activations: forward and backward of every activation against its formula, in place too, and finite
 * results for huge inputs.
 *
 * <p>Part of the backend test kit: a backend module's test class implements this interface (or {@link
 * BackendTestKit}, which gathers every area) and supplies the backend; see {@link BackendKit}.
 */
public interface ActivationKit extends BackendKit {

    /** Every activation kind with the α values it is tested at. */
    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of(ActivationKind.IDENTITY, 0.0),
                Arguments.of(ActivationKind.SIGMOID, 0.0),
                Arguments.of(ActivationKind.TANH, 0.0),
                Arguments.of(ActivationKind.RELU, 0.0),
                Arguments.of(ActivationKind.LEAKY_RELU, 0.01),
                Arguments.of(ActivationKind.ELU, 1.0),
                Arguments.of(ActivationKind.ELU, 0.3),
                Arguments.of(ActivationKind.SELU, 0.0),
                Arguments.of(ActivationKind.SWISH, 0.0),
                Arguments.of(ActivationKind.SOFTMAX, 0.0),
                Arguments.of(ActivationKind.RECTIFIER, -1.0),
                Arguments.of(ActivationKind.RECTIFIER, 0.25));
    }

    /** f(z) written out from the documented formulas. */
    private static double activation(ActivationKind kind, double alpha, double z) {
        switch (kind) {
            case IDENTITY: return z;
            case SIGMOID: return Formulas.sigmoid(z);
            case TANH: return Math.tanh(z);
            case RELU: return Math.max(0, z);
            case LEAKY_RELU:
            case RECTIFIER: return Math.max(0, z) + alpha * Math.min(0, z);
            case ELU: return z > 0 ? z : alpha * Math.expm1(z);
            case SELU: return Formulas.SELU_LAMBDA * (z > 0 ? z : Formulas.SELU_ALPHA * Math.expm1(z));
            case SWISH: return z * Formulas.sigmoid(z);
            default: throw new IllegalArgumentException(kind.toString());
        }
    }

    /** f'(z) written out from the documented formulas. */
    private static double derivative(ActivationKind kind, double alpha, double z) {
        switch (kind) {
            case IDENTITY: return 1;
            case SIGMOID: return Formulas.sigmoid(z) * (1 - Formulas.sigmoid(z));
            case TANH: return 1 - Math.tanh(z) * Math.tanh(z);
            case RELU: return z > 0 ? 1 : 0;
            case LEAKY_RELU:
            case RECTIFIER: return z > 0 ? 1 : alpha;
            case ELU: return z > 0 ? 1 : alpha * Math.exp(z);
            case SELU: return Formulas.SELU_LAMBDA * (z > 0 ? 1 : Formulas.SELU_ALPHA * Math.exp(z));
            case SWISH: return Formulas.sigmoid(z) + z * Formulas.sigmoid(z) * (1 - Formulas.sigmoid(z));
            default: throw new IllegalArgumentException(kind.toString());
        }
    }

    @ParameterizedTest(name = "{0} alpha={1}")
    @MethodSource("dev.myelin.testkit.ActivationKit#activations")
    default void activationForwardAndBackwardMatchTheFormulas(ActivationKind kind, double alpha) {
        int rows = 9;
        int cols = kind == ActivationKind.SOFTMAX ? 13 : 301;
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
        backend().activationForward(kind, alpha, z, out);
        double[] outRef = new double[zv.length];
        if (kind == ActivationKind.SOFTMAX) {
            for (int i = 0; i < rows; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, zv[i * cols + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += Math.exp(zv[i * cols + j] - max);
                }
                for (int j = 0; j < cols; j++) {
                    outRef[i * cols + j] = Math.exp(zv[i * cols + j] - max) / sum;
                }
            }
        } else {
            for (int i = 0; i < zv.length; i++) {
                outRef[i] = activation(kind, alpha, zv[i]);
            }
        }
        assertClose(kind + " forward", outRef, held(out));

        Tensor gradOut = operand(rows, cols, gaussian(rows * cols));
        Tensor gradZ = operand(rows, cols);
        double[] g = held(gradOut);
        double[] o = held(out);
        backend().activationBackward(kind, alpha, z, out, gradOut, gradZ);
        double[] gzRef = new double[zv.length];
        double[] scale = new double[zv.length];
        if (kind == ActivationKind.SOFTMAX) {
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
        } else {
            for (int i = 0; i < zv.length; i++) {
                gzRef[i] = g[i] * derivative(kind, alpha, zv[i]);
            }
        }
        assertClose(kind + " backward", gzRef, held(gradZ), scale);
        assertBordersIntact(kind.toString(), out, gradZ);

        backend().activationBackward(kind, alpha, z, out, gradOut, gradOut);
        assertClose(kind + " backward in place (gradZ = gradOut)", gzRef, held(gradOut), scale);
        backend().activationForward(kind, alpha, z, z);
        assertClose(kind + " forward in place (out = z)", outRef, held(z));
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
