package dev.myelin.data.augment;

import dev.myelin.data.NormalizerParams;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Invalid settings are rejected with a message naming the setting and the accepted range. */
class AugmentValidationTest {

    @Test
    void imageShapeAndFeatureCount() {
        assertThatThrownBy(() -> new ImageShape(0, 8)).hasMessageContaining("height and width must be >= 1");
        assertThatThrownBy(() -> new ImageShape(8, -1)).hasMessageContaining("height and width must be >= 1");
        assertThatThrownBy(() -> ImageShape.square(8).requireFeatureCount(63)).hasMessageContaining("image shape 8×8 needs 64 features")
                .hasMessageContaining("63");
        assertThatThrownBy(() -> Augmentations.compose(ImageShape.square(28), new RandomShift(1)).augment(new double[64], 1, 64, new SplittableRandom(0)))
                .hasMessageContaining("needs 784 features");
        assertThatThrownBy(() -> Augmentations.compose(ImageShape.square(2)).augment(new double[4], 2, 4, new SplittableRandom(0)))
                .hasMessageContaining("cannot augment 2 rows of 4 features in an array of 4");
    }

    @Test
    void shiftRotationZoom() {
        assertThatThrownBy(() -> new RandomShift(-1)).hasMessageContaining("shift maxPixels must be a finite number >= 0, got -1.0");
        assertThatThrownBy(() -> new RandomShift(Double.NaN)).hasMessageContaining("shift maxPixels");
        assertThatThrownBy(() -> new RandomShift(1.5).withWholePixels()).hasMessageContaining("whole-pixel shift maxPixels must be an integer");
        assertThatThrownBy(() -> new RandomShift(1).withFill(Double.POSITIVE_INFINITY)).hasMessageContaining("shift fill must be a finite number");
        assertThatThrownBy(() -> new RandomRotation(-5)).hasMessageContaining("rotation maxDegrees must be in [0, 180], got -5.0");
        assertThatThrownBy(() -> new RandomRotation(181)).hasMessageContaining("rotation maxDegrees must be in [0, 180]");
        assertThatThrownBy(() -> new RandomRotation(10, Double.NaN)).hasMessageContaining("rotation fill must be a finite number");
        assertThatThrownBy(() -> new RandomZoom(0, 1)).hasMessageContaining("zoom minScale must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> new RandomZoom(1.2, 1.1)).hasMessageContaining("zoom maxScale (at least minScale) must be a finite number >= 1.2, got 1.1");
        assertThatThrownBy(() -> Affine.zoom(ImageShape.square(2), -1)).hasMessageContaining("zoom scale must be a finite number > 0");
        assertThatThrownBy(() -> Affine.rotation(ImageShape.square(2), Double.NaN)).hasMessageContaining("rotation angle must be finite degrees");
        assertThatThrownBy(() -> new Affine(1, 0, Double.NaN, 0, 1, 0)).hasMessageContaining("affine map coefficients must be finite");
    }

    @Test
    void elasticAndNoise() {
        assertThatThrownBy(() -> new ElasticDistortion(-1, 4)).hasMessageContaining("elastic alpha (pixels) must be a finite number >= 0, got -1.0");
        assertThatThrownBy(() -> new ElasticDistortion(34, 0)).hasMessageContaining("elastic sigma (pixels) must be in (0.0, 65536.0], got 0.0");
        assertThatThrownBy(() -> GaussianFilter.kernel(-2)).hasMessageContaining("Gaussian sigma (pixels) must be a finite number > 0");
        assertThatThrownBy(() -> new AdditiveNoise(-0.1)).hasMessageContaining("noise std must be a finite number >= 0, got -0.1");
        assertThatThrownBy(() -> new AdditiveNoise(0.1).clippedTo(1, 1)).hasMessageContaining("noise clip range needs min < max, got [1.0, 1.0]");
        assertThatThrownBy(() -> new AdditiveNoise(0.1).clippedTo(Double.NaN, 1)).hasMessageContaining("noise clip range needs min < max");
    }

    @Test
    void probabilityArraysAndNormaliserWidth() {
        assertThatThrownBy(() -> Augmentations.builder(ImageShape.square(2)).add(new AdditiveNoise(1), 1.5))
                .hasMessageContaining("augmentation probability must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> Augmentations.builder(ImageShape.square(2)).add(new AdditiveNoise(1), -0.1))
                .hasMessageContaining("augmentation probability must be in [0, 1]");
        double[] same = new double[4];
        assertThatThrownBy(() -> Affine.identity().apply(same, same, ImageShape.square(2), 0))
                .hasMessageContaining("source and destination images must be different arrays");
        assertThatThrownBy(() -> DisplacementWarp.apply(new double[4], new double[4], ImageShape.square(2), new double[3], new double[4], 0))
                .hasMessageContaining("displacement fields need 4 values");
        NormalizerParams three = new NormalizerParams("standard", new double[3], new double[] {1, 1, 1}, new double[3]);
        assertThatThrownBy(() -> Augmentations.inPixelUnits(three, Augmentations.compose(ImageShape.square(2))).augment(new double[4], 1, 4,
                new SplittableRandom(0))).hasMessageContaining("the standard normaliser was fitted on 3 features, but the batch has 4");
    }
}
