package dev.myelin.random;

/**
 * The uniform numbers dropout masks are drawn from, keyed by (seed, step, layer, element), defined
 * bit for bit so that every backend draws the same mask:
 * <ul>
 *   <li>key {@code (k0, k1)} = low and high 32 bits of {@code seed}</li>
 *   <li>counter {@code (element >>> 2, layer, low 32 bits of step, high 32 bits of step)}</li>
 *   <li>the element uses output word {@code element & 3} of that Philox4x32-10 block</li>
 *   <li>{@code u = (word >>> 8) · 2^−24}, in [0, 1) and exact in float32</li>
 * </ul>
 * A unit is kept when {@code u ≥ p} (p the drop probability).
 *
 * <p>Stateless; thread-safe.
 */
public final class DropoutStream {
    private static final double TWO_POW_MINUS_24 = 1.0 / (1 << 24);

    private DropoutStream() {
    }

    /** The uniform number of {@code element} (row-major index in the layer's activation) at {@code step}. */
    public static double uniform(long seed, long step, int layer, long element) {
        int[] out = new int[4];
        Philox4x32.block((int) (element >>> 2), layer, (int) step, (int) (step >>> 32), (int) seed, (int) (seed >>> 32), out);
        return (out[(int) (element & 3)] >>> 8) * TWO_POW_MINUS_24;
    }

    /**
     * Fills {@code mask[0..n)} for elements {@code first .. first+n}: {@code scale} where kept, 0 where dropped,
     * with {@code scale = 1/(1−p)} for inverted dropout. One Philox block serves four elements.
     */
    public static void fillMask(long seed, long step, int layer, long first, int n, double p, double scale, double[] mask) {
        fillMask(seed, step, layer, first, n, p, scale, mask, new int[4]);
    }

    /**
     * {@link #fillMask(long, long, int, long, int, double, double, double[])} with the caller's scratch for one Philox
     * block ({@code out}, at least 4 elements), so that a hot loop allocates nothing.
     */
    public static void fillMask(long seed, long step, int layer, long first, int n, double p, double scale, double[] mask, int[] out) {
        long blockIndex = -1;
        for (int i = 0; i < n; i++) {
            long element = first + i;
            if ((element >>> 2) != blockIndex) {
                blockIndex = element >>> 2;
                Philox4x32.block((int) blockIndex, layer, (int) step, (int) (step >>> 32), (int) seed, (int) (seed >>> 32), out);
            }
            double u = (out[(int) (element & 3)] >>> 8) * TWO_POW_MINUS_24;
            mask[i] = u >= p ? scale : 0.0;
        }
    }
}
