package dev.myelin.cuda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launch-geometry constants the kernels assume, read once from the {@code #define} lines of the
 * packaged {@code dev/myelin/kernels/myelin_common.cuh}: the header is their one source, so the
 * launcher and the kernels cannot disagree. A kernel launched with another block or grid shape than
 * these traps on the device. Immutable; thread-safe.
 */
public final class LaunchGeometry {
    /** Threads of a 1-D block: element-wise kernels, row kernels, reductions ({@code MYELIN_BLOCK}). */
    public static final int BLOCK;
    /** Blocks of an element-wise launch at most; they loop grid-stride ({@code MYELIN_MAX_ELEMENT_GRID}). */
    public static final int MAX_ELEMENT_GRID;
    /** Rows per block of the row kernels, one warp each ({@code MYELIN_ROWS_PER_BLOCK}). */
    public static final int ROWS_PER_BLOCK;
    /** Column-kernel block: {@code (COL_X, COL_Y)} threads, COL_X consecutive columns per block. */
    public static final int COL_X;
    /** Column-kernel block height: threads that stripe the rows of a column ({@code MYELIN_COL_Y}). */
    public static final int COL_Y;
    /** Blocks of a whole-buffer reduction at most, and doubles in its partials workspace ({@code MYELIN_REDUCE_MAX_BLOCKS}). */
    public static final int REDUCE_MAX_BLOCKS;

    static {
        String header = KernelModules.resourceText("myelin_common.cuh");
        BLOCK = define(header, "MYELIN_BLOCK");
        MAX_ELEMENT_GRID = define(header, "MYELIN_MAX_ELEMENT_GRID");
        ROWS_PER_BLOCK = define(header, "MYELIN_ROWS_PER_BLOCK");
        COL_X = define(header, "MYELIN_COL_X");
        COL_Y = define(header, "MYELIN_COL_Y");
        REDUCE_MAX_BLOCKS = define(header, "MYELIN_REDUCE_MAX_BLOCKS");
    }

    private LaunchGeometry() {
    }

    /** Grid of an element-wise launch over {@code n} elements: {@code ceil(n / BLOCK)} capped at MAX_ELEMENT_GRID, at least 1. */
    public static int elementGrid(long n) {
        return (int) Math.max(1, Math.min(MAX_ELEMENT_GRID, ceilDiv(n, BLOCK)));
    }

    /** Grid of the dropout mask over {@code n} elements: one thread per Philox block of 4 elements, capped as {@link #elementGrid}. */
    public static int dropoutGrid(long n) {
        return (int) Math.max(1, Math.min(MAX_ELEMENT_GRID, ceilDiv(n, 4L * BLOCK)));
    }

    /** Grid of a row kernel (one warp per row): {@code ceil(rows / ROWS_PER_BLOCK)}, at least 1. */
    public static int rowGrid(int rows) {
        return (int) Math.max(1, ceilDiv(rows, ROWS_PER_BLOCK));
    }

    /** Grid of a column kernel (blocks of COL_X × COL_Y threads): {@code ceil(cols / COL_X)}, at least 1. */
    public static int columnGrid(int cols) {
        return (int) Math.max(1, ceilDiv(cols, COL_X));
    }

    /** Grid of a whole-buffer reduction over {@code n} elements: {@code ceil(n / BLOCK)} capped at REDUCE_MAX_BLOCKS, at least 1. */
    public static int reduceGrid(long n) {
        return (int) Math.max(1, Math.min(REDUCE_MAX_BLOCKS, ceilDiv(n, BLOCK)));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** The decimal value of {@code #define name <value>} in {@code header}. */
    static int define(String header, String name) {
        Matcher m = Pattern.compile("^#define\\s+" + Pattern.quote(name) + "\\s+(\\d+)\\s*$", Pattern.MULTILINE).matcher(header);
        if (!m.find()) {
            throw new IllegalStateException("myelin_common.cuh has no line '#define " + name + " <decimal>': the kernels jar does not "
                    + "match this backend");
        }
        return Integer.parseInt(m.group(1));
    }
}
