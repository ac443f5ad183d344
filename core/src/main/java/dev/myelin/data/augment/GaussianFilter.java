package dev.myelin.data.augment;

import dev.myelin.util.ArgumentChecks;

/**
 * Separable Gaussian smoothing of a single-channel image with zeros beyond its edges, as
 * {@code scipy.ndimage.gaussian_filter(x, sigma, mode='constant', cval=0, truncate=4.0)}: the 1-D
 * kernel {@code exp(−k² / 2σ²)} for {@code k} in {@code [−R, R]}, {@code R = ⌊4σ + 0.5⌋}, normalised to
 * sum 1, is applied down the columns and then along the rows.
 *
 * <p>Stateless; thread-safe.
 */
public final class GaussianFilter {
    /** Kernel half-width in standard deviations (scipy's default {@code truncate}). */
    public static final double TRUNCATE = 4.0;

    private GaussianFilter() {
    }

    /** The normalised 1-D kernel {@code [2R + 1]} for standard deviation {@code sigma} (pixels, finite, {@code > 0}). */
    public static double[] kernel(double sigma) {
        ArgumentChecks.positive("Gaussian sigma (pixels)", sigma);
        double r = Math.floor(TRUNCATE * sigma + 0.5);
        if (r > 1 << 20) {
            throw new IllegalArgumentException("Gaussian sigma must be at most " + ((1 << 20) / TRUNCATE) + " pixels, got " + sigma);
        }
        int radius = (int) r;
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** A smoothed copy of {@code image} ({@code shape.pixels()} values, row-major) with standard deviation {@code sigma} pixels. */
    public static double[] smooth(double[] image, ImageShape shape, double sigma) {
        double[] k = kernel(sigma);
        int radius = k.length / 2;
        int h = shape.height();
        int w = shape.width();
        double[] down = new double[h * w];
        for (int r = 0; r < h; r++) {
            int from = Math.max(-radius, -r);
            int to = Math.min(radius, h - 1 - r);
            for (int c = 0; c < w; c++) {
                double s = 0;
                for (int i = from; i <= to; i++) {
                    s += k[i + radius] * image[(r + i) * w + c];
                }
                down[r * w + c] = s;
            }
        }
        double[] out = new double[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int from = Math.max(-radius, -c);
                int to = Math.min(radius, w - 1 - c);
                double s = 0;
                for (int i = from; i <= to; i++) {
                    s += k[i + radius] * down[r * w + c + i];
                }
                out[r * w + c] = s;
            }
        }
        return out;
    }
}
