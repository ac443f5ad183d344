package dev.myelin.data.augment;

/**
 * The layout of a single-channel image stored as one row of features: {@code height × width}
 * pixels, row-major, so pixel {@code (r, c)} is feature {@code r·width + c}.
 *
 * <p>Pixel {@code (r, c)} has its centre at the point {@code (r, c)}; the image spans
 * {@code [−0.5, height − 0.5] × [−0.5, width − 0.5]} and its centre is
 * {@code ((height − 1) / 2, (width − 1) / 2)}. Every geometric transform in this package uses
 * these coordinates.
 *
 * <p>Immutable and thread-safe.
 *
 * @param height rows of pixels, ≥ 1
 * @param width  columns of pixels, ≥ 1
 */
public record ImageShape(int height, int width) {
    /** Checks both sides are at least one pixel and the image has at most {@link Integer#MAX_VALUE} pixels. */
    public ImageShape {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image height and width must be >= 1 pixel, got " + height + "×" + width);
        }
        if ((long) height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image " + height + "×" + width + " has more than " + Integer.MAX_VALUE + " pixels");
        }
    }

    /** A square image of {@code side × side} pixels, e.g. {@code square(8)} for the embedded digits, {@code square(28)} for (Fashion-)MNIST. */
    public static ImageShape square(int side) {
        return new ImageShape(side, side);
    }

    /** {@code height · width}: the number of features of one image. */
    public int pixels() {
        return height * width;
    }

    /** Row coordinate of the image centre, {@code (height − 1) / 2}. */
    public double centerRow() {
        return (height - 1) / 2.0;
    }

    /** Column coordinate of the image centre, {@code (width − 1) / 2}. */
    public double centerColumn() {
        return (width - 1) / 2.0;
    }

    /** Throws unless rows of {@code featureCount} features are images of this shape. */
    public void requireFeatureCount(int featureCount) {
        if (featureCount != pixels()) {
            throw new IllegalArgumentException("image shape " + this + " needs " + pixels() + " features (height·width) per row, but the data has "
                    + featureCount);
        }
    }

    @Override
    public String toString() {
        return height + "×" + width;
    }
}
