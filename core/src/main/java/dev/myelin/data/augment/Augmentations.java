package dev.myelin.data.augment;

import dev.myelin.data.NormalizerParams;

/**
 * Entry points for image augmentation.
 *
 * <p>Recommended order with input normalisation: fit the normaliser on the un-augmented training split
 * ({@link PixelStandardScaler} for images), store the normalised splits as usual, and train with
 * {@code inPixelUnits(params, compose(shape, …))}: the trainer hands each batch over normalised, the
 * wrapper maps it back to pixel units, the transforms run there (fill 0 = background, noise in grey
 * levels), and the same normalisation is re-applied. Validation and test data are never augmented.
 *
 * <p>Stateless; thread-safe.
 */
public final class Augmentations {
    private Augmentations() {
    }

    /** Applies {@code transforms} in order, each to every row, to images of {@code shape}. */
    public static ImageAugmenter compose(ImageShape shape, ImageTransform... transforms) {
        ImageAugmenter.Builder b = ImageAugmenter.builder(shape);
        for (ImageTransform t : transforms) {
            b.add(t);
        }
        return b.build();
    }

    /** A builder that also takes a probability per transform. */
    public static ImageAugmenter.Builder builder(ImageShape shape) {
        return ImageAugmenter.builder(shape);
    }

    /** Runs {@code augmenter} in raw pixel units on batches normalised with {@code params}; see {@link PixelUnitsAugmenter}. */
    public static PixelUnitsAugmenter inPixelUnits(NormalizerParams params, Augmenter augmenter) {
        return new PixelUnitsAugmenter(params, augmenter);
    }
}
