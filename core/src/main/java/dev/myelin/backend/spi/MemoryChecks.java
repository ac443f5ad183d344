package dev.myelin.backend.spi;

import static dev.myelin.backend.spi.Shapes.sameShape;
import static dev.myelin.backend.spi.Shapes.shapeError;

import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;

/**
 * Validation of the memory operations of a backend (views, host transfers, fill, copy, row gathers), each made
 * once here and called by every backend as the first line of the operation; the backend then runs its unchecked
 * implementation. Throws as {@link Operands} does, and {@link IllegalArgumentException} for ranges and shapes.
 *
 * <p>Stateless; thread-safe.
 */
public final class MemoryChecks {

    private MemoryChecks() {
    }

    /** A view {@code [rows, cols]} at element {@code offset} fits inside {@code base}. */
    public static void view(Operands live, Tensor base, long offset, int rows, int cols) {
        live.liveOfAnyType("view", "base", base);
        long size = (long) rows * cols;
        if (rows < 0 || cols < 0 || offset < 0 || offset + size > base.size()) {
            throw new IllegalArgumentException("view: [" + rows + ", " + cols + "] at offset " + offset
                    + " does not fit in base " + base.shape() + " (" + base.size() + " elements)");
        }
    }

    /** {@code src[srcOffset ...]} holds {@code dst.size()} values. */
    public static void upload(Operands live, double[] src, int srcOffset, Tensor dst) {
        live.live("upload", "dst", dst);
        source(src == null ? -1 : src.length, srcOffset, dst);
    }

    /** As {@link #upload(Operands, double[], int, Tensor)} for float32 values. */
    public static void upload(Operands live, float[] src, int srcOffset, Tensor dst) {
        live.live("upload", "dst", dst);
        uploadRange(src, srcOffset, dst);
    }

    /** The range part of an upload of float32 values, for a backend that widens them before its own upload. */
    public static void uploadRange(float[] src, int srcOffset, Tensor dst) {
        source(src == null ? -1 : src.length, srcOffset, dst);
    }

    private static void source(int length, int srcOffset, Tensor dst) {
        int n = dst.size();
        if (length < 0 || srcOffset < 0 || (long) srcOffset + n > length) {
            throw new IllegalArgumentException("upload: need " + n + " values from offset " + srcOffset
                    + " for " + dst.shape() + ", source has " + (length < 0 ? "none" : length));
        }
    }

    /** {@code dst} is INT32 and {@code src[srcOffset ...]} holds {@code dst.size()} indices. */
    public static void upload(Operands live, int[] src, int srcOffset, Tensor dst) {
        live.int32("upload", "dst", dst);
        source(src == null ? -1 : src.length, srcOffset, dst);
    }

    /** {@code src} is INT32 and {@code dst[dstOffset ...]} has room for its {@code src.size()} indices. */
    public static void download(Operands live, Tensor src, int[] dst, int dstOffset) {
        live.int32("download", "src", src);
        room(src, dst == null ? -1 : dst.length, dstOffset);
    }

    /** {@code dst[dstOffset ...]} has room for {@code src.size()} values. */
    public static void download(Operands live, Tensor src, double[] dst, int dstOffset) {
        live.live("download", "src", src);
        room(src, dst == null ? -1 : dst.length, dstOffset);
    }

    private static void room(Tensor src, int length, int dstOffset) {
        int n = src.size();
        if (length < 0 || dstOffset < 0 || (long) dstOffset + n > length) {
            throw new IllegalArgumentException("download: need room for " + n + " values at offset " + dstOffset
                    + " for " + src.shape() + ", destination has " + (length < 0 ? "none" : length));
        }
    }

    /** {@code index} is an element of {@code t}. */
    public static void readScalar(Operands live, Tensor t, int index) {
        live.liveOfAnyType("readScalar", "t", t);
        if (index < 0 || index >= t.size()) {
            throw new IllegalArgumentException("readScalar: index " + index + " outside " + t.shape());
        }
    }

    /** {@code t} is live, of either element type; for an INT32 tensor {@code value} is an int. */
    public static void fill(Operands live, Tensor t, double value) {
        live.liveOfAnyType("fill", "t", t);
        if (t.dtype() == DType.INT32 && value != (int) value) {
            throw new IllegalArgumentException("fill: INT32 tensor " + t.shape() + " holds 32-bit integers, not " + value);
        }
    }

    /** Equal shapes. */
    public static void copy(Operands live, Tensor src, Tensor dst) {
        live.live("copy", "src", src, "dst", dst);
        sameShape("copy", src, dst);
    }

    /** gatherRows with host indices: equal columns, and {@code rowIndex[from .. from + dst.rows())} exist and are rows of src. */
    public static void gatherRows(Operands live, Tensor src, int[] rowIndex, int from, Tensor dst) {
        live.live("gatherRows", "src", src, "dst", dst);
        sameColumns(src, dst);
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

    /**
     * gatherRows with device indices: equal columns and {@code rowIndex} is an INT32 tensor of at least
     * {@code from + dst.rows()} elements. The index values themselves are on the device; the backend checks them where it
     * reads them.
     */
    public static void gatherRows(Operands live, Tensor src, Tensor rowIndex, int from, Tensor dst) {
        live.live("gatherRows", "src", src, "dst", dst);
        live.int32("gatherRows", "rowIndex", rowIndex);
        sameColumns(src, dst);
        gatherRange(rowIndex, from, dst);
    }

    /** The index range of gatherRows with device indices: {@code rowIndex} holds {@code from + dst.rows()} elements. */
    public static void gatherRange(Tensor rowIndex, int from, Tensor dst) {
        int rows = dst.rows();
        if (from < 0 || (long) from + rows > rowIndex.size()) {
            throw new IllegalArgumentException("gatherRows: need " + rows + " row indices from position " + from + ", rowIndex "
                    + rowIndex.shape() + " has " + rowIndex.size());
        }
    }

    private static void sameColumns(Tensor src, Tensor dst) {
        if (src.cols() != dst.cols()) {
            throw shapeError("gatherRows", "src and dst need the same number of columns", src, dst);
        }
    }
}
