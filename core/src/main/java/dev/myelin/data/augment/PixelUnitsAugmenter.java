package dev.myelin.data.augment;

import dev.myelin.data.NormalizerParams;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runs an image augmenter in raw pixel units on batches stored normalised: each row is mapped back
 * through the inverse of the fitted {@link NormalizerParams} ({@code x = (x' − offset)·scale + center}),
 * augmented, and normalised again with the same parameters. The result equals normalising the
 * augmented raw image (up to rounding), so fill values, noise levels and clip ranges of the
 * transforms are in grey levels (fill 0 is the background of the digits and of MNIST) whatever
 * normaliser was fitted.
 *
 * <p>Why: a per-pixel normaliser (StandardScaler) gives each pixel its own centre and scale, so moving
 * pixels in normalised units would carry one pixel's z-score to a place where it means something else,
 * and fill 0 would be "the average grey level of that pixel", not background.
 *
 * <p>Holds only its settings; thread-safe if its inner augmenter is: randomness comes from the generator the
 * caller passes in.
 */
public final class PixelUnitsAugmenter implements Augmenter {
    private final NormalizerParams params;
    private final double[] center;
    private final double[] scale;
    private final double[] offset;
    private final Augmenter inner;

    /** Wraps {@code inner} (typically an {@link ImageAugmenter}) for data normalised with {@code params}. */
    public PixelUnitsAugmenter(NormalizerParams params, Augmenter inner) {
        this.params = Objects.requireNonNull(params, "params");
        this.inner = Objects.requireNonNull(inner, "inner augmenter");
        this.center = params.center();
        this.scale = params.scale();
        this.offset = params.offset();
    }

    /** The normalisation undone and redone around the inner augmenter. */
    public NormalizerParams params() {
        return params;
    }

    @Override
    public void augment(double[] features, int rows, int featureCount, SplittableRandom rng) {
        if (featureCount != center.length) {
            throw new IllegalArgumentException("the " + params.kind() + " normaliser was fitted on " + center.length + " features, but the batch has "
                    + featureCount);
        }
        int end = rows * featureCount;
        for (int base = 0; base < end; base += featureCount) {
            for (int j = 0; j < featureCount; j++) {
                features[base + j] = (features[base + j] - offset[j]) * scale[j] + center[j];
            }
        }
        inner.augment(features, rows, featureCount, rng);
        for (int base = 0; base < end; base += featureCount) {
            for (int j = 0; j < featureCount; j++) {
                features[base + j] = (features[base + j] - center[j]) / scale[j] + offset[j];
            }
        }
    }

    @Override
    public String toString() {
        return "PixelUnits[" + params.kind() + "](" + inner + ")";
    }
}
