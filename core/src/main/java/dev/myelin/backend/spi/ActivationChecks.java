package dev.myelin.backend.spi;

import static dev.myelin.backend.spi.Shapes.sameShape;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Tensor;

/**
 * Validation of the element-wise and row-wise activations of a backend, made once here and called by every backend
 * as the first line of the operation: a kind is given and every operand has the shape of {@code z}. Throws as
 * {@link Operands} does, and {@link IllegalArgumentException} naming the operation, the kind and the shapes.
 *
 * <p>Stateless; thread-safe.
 */
public final class ActivationChecks {

    private ActivationChecks() {
    }

    /** {@code out = f(z)}: equal shapes. */
    public static void forward(Operands live, ActivationKind kind, Tensor z, Tensor out) {
        final String op = "activationForward";
        live.live(op, "z", z, "out", out);
        kind(op, kind);
        sameShape(op, kind, z, out);
    }

    /** {@code gradZ} from {@code z}, {@code out} and {@code gradOut}: all four of one shape. */
    public static void backward(Operands live, ActivationKind kind, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ) {
        final String op = "activationBackward";
        live.live(op, "z", z, "out", out, "gradOut", gradOut);
        live.live(op, "gradZ", gradZ);
        kind(op, kind);
        sameShape(op, kind, z, out);
        sameShape(op, kind, z, gradOut);
        sameShape(op, kind, z, gradZ);
    }

    private static void kind(String op, ActivationKind kind) {
        if (kind == null) {
            throw new IllegalArgumentException(op + ": kind is null");
        }
    }
}
