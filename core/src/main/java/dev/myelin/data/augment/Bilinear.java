package dev.myelin.data.augment;

/**
 * Bilinear interpolation of a single-channel image at a real-valued position, the image being
 * extended by a constant {@code fill} outside its pixels (scipy.ndimage's {@code mode='grid-constant'}
 * with {@code order=1}).
 *
 * <p>At {@code (r, c)} with {@code r0 = ⌊r⌋, c0 = ⌊c⌋, fr = r − r0, fc = c − c0} the value is
 * {@code (1−fr)(1−fc)·p(r0,c0) + (1−fr)fc·p(r0,c0+1) + fr(1−fc)·p(r0+1,c0) + fr·fc·p(r0+1,c0+1)}, where
 * {@code p} is the pixel value inside the image and {@code fill} outside. At integer positions it is
 * exactly the pixel (or {@code fill}); half-way between two pixels it is their mean.
 *
 * <p>Stateless; thread-safe.
 */
public final class Bilinear {
    private Bilinear() {
    }

    /**
     * The value of {@code image} (pixels {@code [offset, offset + shape.pixels())}, row-major) at row
     * {@code r}, column {@code c}, in pixel units; {@code fill} beyond the edges. A non-finite position
     * gives {@code fill}.
     */
    public static double sample(double[] image, int offset, ImageShape shape, double r, double c, double fill) {
        if (!Double.isFinite(r) || !Double.isFinite(c)) {
            return fill;
        }
        int h = shape.height();
        int w = shape.width();
        double rf = Math.floor(r);
        double cf = Math.floor(c);
        if (rf < -1 || rf > h - 1 || cf < -1 || cf > w - 1) {
            return fill; // all four neighbours are outside
        }
        int r0 = (int) rf;
        int c0 = (int) cf;
        double fr = r - rf;
        double fc = c - cf;
        double p00 = pixel(image, offset, h, w, r0, c0, fill);
        double p01 = pixel(image, offset, h, w, r0, c0 + 1, fill);
        double p10 = pixel(image, offset, h, w, r0 + 1, c0, fill);
        double p11 = pixel(image, offset, h, w, r0 + 1, c0 + 1, fill);
        double top = fc == 0 ? p00 : (1 - fc) * p00 + fc * p01;
        double bottom = fc == 0 ? p10 : (1 - fc) * p10 + fc * p11;
        return fr == 0 ? top : (1 - fr) * top + fr * bottom;
    }

    private static double pixel(double[] image, int offset, int h, int w, int r, int c, double fill) {
        return r < 0 || r >= h || c < 0 || c >= w ? fill : image[offset + r * w + c];
    }
}
