package dev.myelin.data.augment;

import dev.myelin.util.ArgumentChecks;

/**
 * An affine resampling of a single-channel image by inverse mapping: output pixel {@code (r, c)}
 * takes the {@link Bilinear bilinear} value of the source image at
 * <pre>
 *   source row    = rr·r + rc·c + r0
 *   source column = cr·r + cc·c + c0
 * </pre>
 * in the pixel coordinates of {@link ImageShape}, with a constant fill beyond the source's edges.
 * The record holds this output-to-source map; the factories take the motion of the image content
 * (where content moves to) and store its inverse.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rr source row per output row
 * @param rc source row per output column
 * @param r0 source row at output {@code (0, 0)}
 * @param cr source column per output row
 * @param cc source column per output column
 * @param c0 source column at output {@code (0, 0)}
 */
public record Affine(double rr, double rc, double r0, double cr, double cc, double c0) {
    /** Checks every coefficient is finite. */
    public Affine {
        for (double v : new double[] {rr, rc, r0, cr, cc, c0}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("affine map coefficients must be finite, got [" + rr + ", " + rc + ", " + r0 + "; " + cr + ", "
                        + cc + ", " + c0 + "]");
            }
        }
    }

    /** Leaves the image unchanged. */
    public static Affine identity() {
        return new Affine(1, 0, 0, 0, 1, 0);
    }

    /** Moves the content {@code rows} pixels down and {@code columns} pixels right (negative: up, left); fractional amounts interpolate. */
    public static Affine translation(double rows, double columns) {
        return new Affine(1, 0, -rows, 0, 1, -columns);
    }

    /**
     * Rotates the content by {@code degrees} counter-clockwise as displayed (row 0 at the top) about the
     * image centre. A multiple of 90° uses exact sines and cosines, so on a square image 90° is
     * {@code numpy.rot90}: output {@code (r, c)} = input {@code (c, width − 1 − r)}.
     */
    public static Affine rotation(ImageShape shape, double degrees) {
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("rotation angle must be finite degrees, got " + degrees);
        }
        double sin;
        double cos;
        double quarterTurns = degrees / 90;
        if (quarterTurns == Math.rint(quarterTurns)) {
            int q = (int) Math.floorMod((long) quarterTurns, 4L);
            sin = q == 1 ? 1 : q == 3 ? -1 : 0;
            cos = q == 0 ? 1 : q == 2 ? -1 : 0;
        } else {
            double radians = Math.toRadians(degrees);
            sin = Math.sin(radians);
            cos = Math.cos(radians);
        }
        double yc = shape.centerRow();
        double xc = shape.centerColumn();
        // source offset from the centre = rotation by −θ of the output offset (rows point down)
        return new Affine(cos, sin, yc - cos * yc - sin * xc, -sin, cos, xc + sin * yc - cos * xc);
    }

    /** Scales the content by {@code scale} about the image centre: above 1 enlarges (zooms in), below 1 shrinks; must be finite and {@code > 0}. */
    public static Affine zoom(ImageShape shape, double scale) {
        ArgumentChecks.positive("zoom scale", scale);
        double yc = shape.centerRow();
        double xc = shape.centerColumn();
        return new Affine(1 / scale, 0, yc - yc / scale, 0, 1 / scale, xc - xc / scale);
    }

    /** The motion of this map followed by that of {@code next}, as one resampling. */
    public Affine andThen(Affine next) {
        // output → next's source (this map's output) → this map's source
        return new Affine(rr * next.rr + rc * next.cr, rr * next.rc + rc * next.cc, rr * next.r0 + rc * next.c0 + r0,
                cr * next.rr + cc * next.cr, cr * next.rc + cc * next.cc, cr * next.r0 + cc * next.c0 + c0);
    }

    /**
     * Writes the resampled image into {@code dst} from {@code src}; both hold at least {@code shape.pixels()}
     * values (row-major) and must be different arrays.
     */
    public void apply(double[] src, double[] dst, ImageShape shape, double fill) {
        apply(src, 0, dst, 0, shape, fill);
    }

    /** As {@link #apply(double[], double[], ImageShape, double)} into a new array of {@code shape.pixels()} values. */
    public double[] resampled(double[] src, ImageShape shape, double fill) {
        double[] dst = new double[shape.pixels()];
        apply(src, dst, shape, fill);
        return dst;
    }

    /** As {@link #apply(double[], double[], ImageShape, double)} on the images starting at {@code srcOffset} and {@code dstOffset}. */
    public void apply(double[] src, int srcOffset, double[] dst, int dstOffset, ImageShape shape, double fill) {
        Images.requireDistinct(src, dst);
        int h = shape.height();
        int w = shape.width();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double sr = rr * r + rc * c + r0;
                double sc = cr * r + cc * c + c0;
                dst[dstOffset + r * w + c] = Bilinear.sample(src, srcOffset, shape, sr, sc, fill);
            }
        }
    }
}
