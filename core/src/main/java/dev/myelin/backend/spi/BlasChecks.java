package dev.myelin.backend.spi;

import static dev.myelin.backend.spi.Shapes.atLeastOne;
import static dev.myelin.backend.spi.Shapes.overlap;
import static dev.myelin.backend.spi.Shapes.sameSize;
import static dev.myelin.backend.spi.Shapes.shapeError;

import dev.myelin.backend.Tensor;

/**
 * Validation of the BLAS-like operations and reductions of a backend (GEMM, bias add, column sums, axpy, scale,
 * sums of squares and absolute values, sign add, non-finite count), made once here and called by every backend as
 * the first line of the operation. Throws as {@link Operands} does, and {@link IllegalArgumentException} naming
 * the operation and the shapes.
 *
 * <p>Stateless; thread-safe. Nothing is allocated unless a check fails, so a training step's GEMMs allocate nothing.
 */
public final class BlasChecks {

    private BlasChecks() {
    }

    /**
     * {@code C = op(A)·op(B)}'s shapes ({@code op(A) [m, k] · op(B) [k, n] = C [m, n]}) agree and C shares no element
     * with A or B.
     */
    public static void gemm(Operands live, boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        live.live("gemm", "A", a, "B", b, "C", c);
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: op(A) " + (transA ? "= Aᵀ " : "") + "is [" + m + ", " + k
                    + "] (A " + a.shape() + "), op(B) " + (transB ? "= Bᵀ " : "") + "is [" + kb + ", " + n
                    + "] (B " + b.shape() + "), C is " + c.shape() + ": need op(A)[m, k]·op(B)[k, n] = C[m, n]");
        }
        if (overlap(c, a) || overlap(c, b)) {
            throw new IllegalArgumentException("gemm: C " + c.shape() + " at offset " + c.offset()
                    + " overlaps " + (overlap(c, a) ? "A " + a.shape() + " at offset " + a.offset()
                    : "B " + b.shape() + " at offset " + b.offset()) + " in the same storage");
        }
    }

    /** {@code row} is {@code [1, m.cols()]}. */
    public static void addRowVector(Operands live, Tensor m, Tensor row) {
        live.live("addRowVector", "m", m, "row", row);
        if (row.rows() != 1 || row.cols() != m.cols()) {
            throw shapeError("addRowVector", "row must be [1, m.cols()]", m, row);
        }
    }

    /** {@code out} is {@code [1, m.cols()]}. */
    public static void columnSums(Operands live, Tensor m, Tensor out) {
        live.live("columnSums", "m", m, "out", out);
        if (out.rows() != 1 || out.cols() != m.cols()) {
            throw shapeError("columnSums", "out must be [1, m.cols()]", m, out);
        }
    }

    /** {@code x} and {@code y} have as many elements. */
    public static void axpy(Operands live, Tensor x, Tensor y) {
        live.live("axpy", "x", x, "y", y);
        sameSize("axpy", x, y);
    }

    /** {@code x} is live. */
    public static void scale(Operands live, Tensor x) {
        live.live("scale", "x", x);
    }

    /**
     * A reduction of all of {@code x} into {@code out[0]} ({@code sumOfSquares}, {@code sumOfAbs},
     * {@code countNonFinite}): {@code out} has at least one element.
     */
    public static void reduction(Operands live, String op, Tensor x, Tensor out) {
        live.live(op, "x", x, "out", out);
        atLeastOne(op, "out", out);
    }

    /** {@code x} and {@code y} have as many elements. */
    public static void addSign(Operands live, Tensor x, Tensor y) {
        live.live("addSign", "x", x, "y", y);
        sameSize("addSign", x, y);
    }
}
