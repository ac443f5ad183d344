/**
 * Data augmentation for single-channel images: random shifts, small rotations, zoom, elastic
 * distortion and additive noise, applied by the {@link dev.myelin.train.Trainer} to every training batch on
 * the host with a generator seeded by (run seed, step).
 *
 * <p>Geometry: an {@link dev.myelin.data.augment.ImageShape} says how a row of features is an image; the
 * transforms resample by inverse mapping ({@link dev.myelin.data.augment.Affine},
 * {@link dev.myelin.data.augment.DisplacementWarp}) with {@link dev.myelin.data.augment.Bilinear bilinear}
 * interpolation and a constant fill beyond the edges, matching {@code scipy.ndimage} with {@code order=1,
 * mode='grid-constant'} (golden tests in the tests module).
 *
 * <p>With input normalisation (recommended order):
 * <pre>{@code
 * Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42);
 * NormalizerParams params = new PixelStandardScaler().fit(split.train());   // raw, un-augmented training images
 * Split scaled = params.transform(split);                                   // stored normalised, as without augmentation
 * Augmenter augment = Augmentations.inPixelUnits(params, Augmentations.compose(ImageShape.square(8),
 *         new RandomShift(1), new RandomRotation(10), new AdditiveNoise(0.5).clippedTo(0, 16)));
 * Trainer.builder().augmentation(augment)...build().fit(model, scaled.train(), scaled.validation());
 * }</pre>
 * The trainer hands the augmenter batches as stored, i.e. normalised. {@link dev.myelin.data.augment.PixelUnitsAugmenter}
 * undoes the normalisation, runs the transforms in grey levels (fill 0 is the background, noise and clip
 * ranges in pixel units) and redoes it, which equals normalising the augmented raw image. Prefer
 * {@link dev.myelin.data.augment.PixelStandardScaler} (one mean and standard deviation for all pixels) to the
 * per-pixel {@link dev.myelin.data.StandardScaler} for images: per-pixel statistics are not shift-invariant, and
 * border pixels that are nearly always 0 in training get tiny standard deviations, so ink moved there by a
 * one-pixel shift becomes a huge z-score (up to 318 on the embedded digits shifted one pixel right, against at
 * most 1.85 with one scale for all pixels; see {@code PixelUnitsAugmenterTest}). The wrapper works with either.
 */
package dev.myelin.data.augment;
