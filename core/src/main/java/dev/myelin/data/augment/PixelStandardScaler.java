package dev.myelin.data.augment;

import dev.myelin.data.Dataset;
import dev.myelin.data.Normalizer;
import dev.myelin.data.NormalizerParams;

import java.util.Arrays;

/**
 * Standardisation of images with one mean and one standard deviation for all pixels: the mean and
 * population standard deviation of every pixel value of the training images. Unlike the per-pixel
 * {@link dev.myelin.data.StandardScaler}, every pixel gets the same affine map, which commutes with
 * shifts, rotations and zooms (moving a pixel never changes what its value means) and keeps pixels that
 * are nearly always background in the training set from blowing up to huge z-scores when augmentation
 * moves ink there. The recommended input normaliser for image data with augmentation.
 *
 * <p>Immutable and thread-safe.
 */
public final class PixelStandardScaler implements Normalizer {
    /** The {@link NormalizerParams#kind()} of this scaler's output. */
    public static final String KIND = "pixel-standard";

    @Override
    public NormalizerParams fit(Dataset train) {
        double[] x = train.features();
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double sumSq = 0;
        for (double v : x) {
            sumSq += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(sumSq / x.length);
        int d = train.featureCount();
        double[] center = new double[d];
        double[] scale = new double[d];
        Arrays.fill(center, mean);
        Arrays.fill(scale, std > 0 ? std : 1.0);
        return new NormalizerParams(KIND, center, scale, new double[d]);
    }
}
