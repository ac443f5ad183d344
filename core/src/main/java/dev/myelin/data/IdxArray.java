package dev.myelin.data;

/**
 * The contents of one IDX file: its dimensions (outermost first, e.g. {@code [n, rows, cols]}
 * for images, {@code [n]} for labels), its element type code, and its values widened to
 * {@code double} in row-major order.
 *
 * <p>Shallowly immutable: its arrays are shared, not copied; treat them as read-only and it may be shared
 * between threads.
 *
 * @param dims     dimension sizes, outermost first
 * @param typeCode the IDX data-type byte: 0x08 unsigned byte, 0x09 signed byte, 0x0B short,
 *                 0x0C int, 0x0D float, 0x0E double
 * @param values   every element, row-major, {@code product(dims)} long
 */
public record IdxArray(int[] dims, int typeCode, double[] values) {
    /** Number of items along the first dimension. */
    public int count() {
        return dims[0];
    }

    /** Elements per item: the product of every dimension after the first (1 for a vector). */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }
}
