package dev.myelin.golden;

import dev.myelin.data.augment.Affine;
import dev.myelin.data.augment.DisplacementWarp;
import dev.myelin.data.augment.ElasticDistortion;
import dev.myelin.data.augment.ImageShape;
import dev.myelin.testkit.GoldenFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Image resampling against scipy.ndimage (tests/golden/golden_augment.py): bilinear, constant fill, same pixel coordinates. */
class AugmentGoldenTest {
    private static final double TOL = 1e-12;

    @Test
    void rotationsZoomsAndAFractionalShiftMatchScipyAffineTransform() {
        GoldenFile g = GoldenFile.load("augment_affine.txt");
        ImageShape shape = new ImageShape(g.integer("height"), g.integer("width"));
        double[] image = g.get("image");
        assertThat(Affine.rotation(shape, 17).resampled(image, shape, 0)).containsExactly(g.get("rotate17"), within(TOL));
        assertThat(Affine.rotation(shape, -33).resampled(image, shape, 2)).containsExactly(g.get("rotate_minus33_fill2"), within(TOL));
        assertThat(Affine.zoom(shape, 1.3).resampled(image, shape, 0)).containsExactly(g.get("zoom1.3"), within(TOL));
        assertThat(Affine.zoom(shape, 0.75).resampled(image, shape, 1)).containsExactly(g.get("zoom0.75_fill1"), within(TOL));
        assertThat(Affine.translation(0.3, -1.7).resampled(image, shape, 0)).containsExactly(g.get("shift_0.3_-1.7"), within(TOL));
    }

    @Test
    void elasticFieldAndWarpMatchScipyGaussianFilterAndMapCoordinates() {
        GoldenFile g = GoldenFile.load("augment_elastic.txt");
        ImageShape shape = ImageShape.square(g.integer("size"));
        ElasticDistortion elastic = new ElasticDistortion(g.get("alpha")[0], g.get("sigma")[0]);
        double[][] field = elastic.scaled(shape, g.get("raw_row"), g.get("raw_col"));
        assertThat(field[0]).containsExactly(g.get("d_row"), within(TOL));
        assertThat(field[1]).containsExactly(g.get("d_col"), within(TOL));
        double[] warped = new double[shape.pixels()];
        DisplacementWarp.apply(g.get("image"), warped, shape, field[0], field[1], 0);
        assertThat(warped).containsExactly(g.get("warped"), within(TOL));
    }

    @Test
    void simardsSettingOnARealFashionMnistImageMatchesScipy() {
        GoldenFile g = GoldenFile.load("augment_fashion.txt"); // the image is in the file: the data set need not be installed
        ImageShape shape = ImageShape.square(28);
        double[] image = g.get("image");
        ElasticDistortion elastic = new ElasticDistortion(g.get("alpha")[0], g.get("sigma")[0]);
        double[][] field = elastic.scaled(shape, g.get("raw_row"), g.get("raw_col"));
        double[] warped = new double[shape.pixels()];
        DisplacementWarp.apply(image, warped, shape, field[0], field[1], 0);
        assertThat(warped).containsExactly(g.get("warped"), within(1e-9)); // grey levels up to 255
        assertThat(Affine.rotation(shape, 10).resampled(image, shape, 0)).containsExactly(g.get("rotate10"), within(1e-9));
    }
}
