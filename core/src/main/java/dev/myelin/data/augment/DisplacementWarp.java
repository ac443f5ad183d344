package dev.myelin.data.augment;

/**
 * Resampling by a per-pixel displacement field: output pixel {@code (r, c)} takes the
 * {@link Bilinear bilinear} value of the source at {@code (r + dRow[i], c + dColumn[i])},
 * {@code i = r·width + c}, with {@code fill} beyond the edges (scipy's
 * {@code map_coordinates(src, [r + dRow, c + dColumn], order=1, mode='grid-constant', cval=fill)}).
 *
 * <p>Stateless; thread-safe.
 */
public final class DisplacementWarp {
    private DisplacementWarp() {
    }

    /**
     * Writes the warped {@code src} into {@code dst}; {@code dRow} and {@code dColumn} are displacements in
     * pixels, one per output pixel. All arrays hold at least {@code shape.pixels()} values; src and dst differ.
     */
    public static void apply(double[] src, double[] dst, ImageShape shape, double[] dRow, double[] dColumn, double fill) {
        Images.requireDistinct(src, dst);
        int n = shape.pixels();
        if (dRow.length < n || dColumn.length < n) {
            throw new IllegalArgumentException("displacement fields need " + n + " values (one per pixel of " + shape + "), got " + dRow.length + " and "
                    + dColumn.length);
        }
        int w = shape.width();
        for (int r = 0; r < shape.height(); r++) {
            for (int c = 0; c < w; c++) {
                int i = r * w + c;
                dst[i] = Bilinear.sample(src, 0, shape, r + dRow[i], c + dColumn[i], fill);
            }
        }
    }
}
