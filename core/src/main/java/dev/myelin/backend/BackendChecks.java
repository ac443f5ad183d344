package dev.myelin.backend;

/**
 * Argument checks every backend makes the same way, with the same messages: shape agreement, GEMM
 * dimensions, gather-row index ranges. Each throws {@link IllegalArgumentException} naming the
 * operation and the shapes.
 *
 * <p>Stateless; thread-safe.
 */
public final class BackendChecks {

    private BackendChecks() {
    }

    public static IllegalArgumentException shapeError(String op, String what, Tensor x, Tensor y) {
        return new IllegalArgumentException(op + ": " + what + ", got " + x.shape() + " and " + y.shape());
    }

    public static void sameShape(String op, Tensor x, Tensor y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw shapeError(op, "shapes must be equal", x, y);
        }
    }

    /** As {@link #sameShape(String, Tensor, Tensor)}; the name {@code op(detail)} is only built on failure. */
    public static void sameShape(String op, Object detail, Tensor x, Tensor y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw shapeError(op + "(" + detail + ")", "shapes must be equal", x, y);
        }
    }

    public static void sameSize(String op, Tensor x, Tensor y) {
        if (x.size() != y.size()) {
            throw shapeError(op, "sizes must be equal", x, y);
        }
    }

    public static void atLeastOne(String op, String role, Tensor t) {
        if (t.size() < 1) {
            throw new IllegalArgumentException(op + ": " + role + " needs at least one element, got " + t.shape());
        }
    }

    public static void vectorOf(String op, String role, Tensor v, int n) {
        if (v.size() != n) {
            throw new IllegalArgumentException(op + ": " + role + " must have " + n + " elements ([1, " + n + "]), got " + v.shape());
        }
    }

    /** Whether two non-empty tensors share at least one element of the same storage. */
    public static boolean overlap(Tensor x, Tensor y) {
        return x.storage() == y.storage() && x.size() > 0 && y.size() > 0
                && x.offset() < y.offset() + y.size() && y.offset() < x.offset() + x.size();
    }

    /**
     * Checks {@code C = op(A)·op(B)}'s shapes ({@code op(A) [m, k] · op(B) [k, n] = C [m, n]}) and that C shares no
     * element with A or B. Returns nothing, so a GEMM in a training step allocates nothing.
     */
    public static void gemm(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
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

    /** gatherRows with host indices: equal columns, and {@code rowIndex[from .. from + dst.rows())} exist and are rows of src. */
    public static void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst) {
        if (src.cols() != dst.cols()) {
            throw shapeError("gatherRows", "src and dst need the same number of columns", src, dst);
        }
        int rows = dst.rows();
        if (rowIndex == null || from < 0 || (long) from + rows > rowIndex.length) {
            throw new IllegalArgumentException("gatherRows: need " + rows + " row indices from position " + from
                    + ", index array has " + (rowIndex == null ? "none" : rowIndex.length));
        }
        for (int i = 0; i < rows; i++) {
            int r = rowIndex[from + i];
            if (r < 0 || r >= src.rows()) {
                throw new IllegalArgumentException("gatherRows: row index " + r + " at position " + (from + i)
                        + " is outside [0, " + src.rows() + ") of src " + src.shape());
            }
        }
    }

    /** The index range of gatherRows with device indices: {@code rowIndex} holds {@code from + dst.rows()} elements. */
    public static void gatherRange(Tensor rowIndex, int from, Tensor dst) {
        int rows = dst.rows();
        if (from < 0 || (long) from + rows > rowIndex.size()) {
            throw new IllegalArgumentException("gatherRows: need " + rows + " row indices from position " + from + ", index tensor "
                    + rowIndex.shape() + " has " + rowIndex.size());
        }
    }

    /** A loss's output and target agree: equal shapes, or {@code [rows, 1]} class indices for the sparse loss. */
    public static void lossShapes(String op, LossSpec loss, Tensor output, Tensor target) {
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
