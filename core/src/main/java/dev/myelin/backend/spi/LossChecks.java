package dev.myelin.backend.spi;

import static dev.myelin.backend.spi.Shapes.atLeastOne;
import static dev.myelin.backend.spi.Shapes.sameShape;
import static dev.myelin.backend.spi.Shapes.shapeError;

import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;

/**
 * Validation of the losses and metrics of a backend, made once here and called by every backend as the first line
 * of the operation. Class indices of the sparse loss are values on the device; the backend checks them where it
 * reads them. Throws as {@link Operands} does, and {@link IllegalArgumentException} naming the operation and shapes.
 *
 * <p>Stateless; thread-safe.
 */
public final class LossChecks {

    private LossChecks() {
    }

    /** A loss is given, output and target agree, {@code lossSum} has at least one element. */
    public static void lossForward(Operands live, LossSpec loss, Tensor output, Tensor target, Tensor lossSum) {
        final String op = "lossForward";
        live.live(op, "output", output, "target", target, "lossSum", lossSum);
        lossShapes(op, loss, output, target);
        atLeastOne(op, "lossSum", lossSum);
    }

    /** A loss is given, output and target agree, {@code grad} has the shape of output. */
    public static void lossBackward(Operands live, LossSpec loss, Tensor output, Tensor target, Tensor grad) {
        final String op = "lossBackward";
        live.live(op, "output", output, "target", target, "grad", grad);
        lossShapes(op, loss, output, target);
        sameShape(op, loss.kind(), output, grad);
    }

    /** target is {@code [output.rows(), 1]} or one-hot {@code [output.rows(), output.cols()]}; counter has an element. */
    public static void countCorrect(Operands live, Tensor output, Tensor target, Tensor counter) {
        final String op = "countCorrect";
        live.live(op, "output", output, "target", target);
        live.int32(op, "counter", counter);
        atLeastOne(op, "counter", counter);
        int k = output.cols();
        int tk = target.cols();
        if (target.rows() != output.rows() || !(tk == 1 || tk == k) || k == 0) {
            throw shapeError(op, "target must be [output.rows(), 1] (class index or binary label)"
                    + " or [output.rows(), output.cols()] (one-hot)", output, target);
        }
    }

    /** predicted is an INT32 tensor {@code [output.rows(), 1]} and output has columns. */
    public static void argmaxRows(Operands live, Tensor output, Tensor predicted) {
        final String op = "argmaxRows";
        live.live(op, "output", output);
        live.int32(op, "predicted", predicted);
        if (predicted.rows() != output.rows() || predicted.cols() != 1 || output.cols() == 0) {
            throw shapeError(op, "predicted must be [output.rows(), 1] and output non-empty", output, predicted);
        }
    }

    private static void lossShapes(String op, LossSpec loss, Tensor output, Tensor target) {
        if (loss == null) {
            throw new IllegalArgumentException(op + ": loss is null");
        }
        if (loss.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY) {
            if (target.rows() != output.rows() || target.cols() != 1) {
                throw shapeError(op + "(" + loss.kind() + ")", "target must be [output.rows(), 1] of class indices", output, target);
            }
        } else {
            sameShape(op, loss.kind(), output, target);
        }
    }
}
