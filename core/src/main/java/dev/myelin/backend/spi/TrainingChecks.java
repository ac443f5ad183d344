package dev.myelin.backend.spi;

import static dev.myelin.backend.spi.Shapes.atLeastOne;
import static dev.myelin.backend.spi.Shapes.overlap;
import static dev.myelin.backend.spi.Shapes.sameSize;
import static dev.myelin.backend.spi.Shapes.shapeError;

import dev.myelin.backend.Tensor;

/**
 * Validation of the training bookkeeping operations of a backend ({@code copyIfNonFinite}, {@code confusionCounts}),
 * made once here and called by every backend as the first line of the operation. Throws as {@link Operands} does, and
 * {@link IllegalArgumentException} naming the operation and the shapes.
 *
 * <p>Stateless; thread-safe.
 */
public final class TrainingChecks {

    private TrainingChecks() {
    }

    /** {@code flag} has an element, {@code src} and {@code dst} have as many, {@code dst} does not overlap {@code flag}. */
    public static void copyIfNonFinite(Operands live, Tensor flag, Tensor src, Tensor dst) {
        final String op = "copyIfNonFinite";
        live.live(op, "flag", flag, "src", src, "dst", dst);
        atLeastOne(op, "flag", flag);
        sameSize(op, src, dst);
        if (overlap(flag, dst)) {
            throw shapeError(op, "dst must not overlap flag (it is read by every element's copy)", flag, dst);
        }
    }

    /**
     * {@code output} has columns, {@code labels} is {@code [output.rows(), 1]} or {@code [output.rows(), output.cols()]},
     * {@code counts} is a square INT32 tensor with at least {@code max(2, output.cols())} classes.
     */
    public static void confusionCounts(Operands live, Tensor output, Tensor labels, Tensor counts) {
        final String op = "confusionCounts";
        live.live(op, "output", output, "labels", labels);
        live.int32(op, "counts", counts);
        int k = output.cols();
        if (k == 0 || labels.rows() != output.rows() || !(labels.cols() == 1 || labels.cols() == k)) {
            throw shapeError(op, "labels must be [output.rows(), 1] (class index) or [output.rows(), output.cols()] (one-hot)"
                    + " and output non-empty", output, labels);
        }
        if (counts.rows() != counts.cols() || counts.rows() < Math.max(2, k)) {
            throw new IllegalArgumentException(op + ": counts must be [classes, classes] with classes ≥ max(2, output.cols() = " + k
                    + "), got " + counts.shape());
        }
    }
}
