package dev.myelin.data.augment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Geometric resampling by inverse mapping: exact cases a reader can check by hand. */
class AffineTest {
    private static final ImageShape FOUR = ImageShape.square(4);

    /** 1..16, row by row. */
    private static double[] pattern16() {
        double[] x = new double[16];
        for (int i = 0; i < 16; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    @Test
    void aShiftOfOnePixelRightMovesTheFourByFourPatternOneColumnExactly() {
        double[] out = Affine.translation(0, 1).resampled(pattern16(), FOUR, 0);
        assertThat(out).containsExactly(
                0, 1, 2, 3,
                0, 5, 6, 7,
                0, 9, 10, 11,
                0, 13, 14, 15);
    }

    @Test
    void aShiftOfOnePixelUpAndLeftFillsTheBottomRowAndRightColumnWithTheFillValue() {
        double[] out = Affine.translation(-1, -1).resampled(pattern16(), FOUR, -3);
        assertThat(out).containsExactly(
                6, 7, 8, -3,
                10, 11, 12, -3,
                14, 15, 16, -3,
                -3, -3, -3, -3);
    }

    @Test
    void aHalfPixelShiftIsTheMeanOfTheTwoNeighbours() {
        double[] src = TestImages.random(FOUR, 1);
        double[] out = Affine.translation(0, 0.5).resampled(src, FOUR, 0);
        for (int r = 0; r < 4; r++) {
            assertThat(out[r * 4]).isEqualTo((0 + src[r * 4]) / 2); // left neighbour is the fill
            for (int c = 1; c < 4; c++) {
                assertThat(out[r * 4 + c]).isEqualTo((src[r * 4 + c - 1] + src[r * 4 + c]) / 2);
            }
        }
        double[] diagonal = Affine.translation(0.5, 0.5).resampled(src, FOUR, 0);
        assertThat(diagonal[5]).isCloseTo((src[0] + src[1] + src[4] + src[5]) / 4, within(1e-14));
    }

    @Test
    void bilinearWeightsAtAQuarterAndThreeQuartersFollowTheFormula() {
        double[] src = pattern16();
        // (1.25, 2.75): rows 1,2 with weights 3/4, 1/4; columns 2,3 with weights 1/4, 3/4
        double expected = 0.75 * (0.25 * src[6] + 0.75 * src[7]) + 0.25 * (0.25 * src[10] + 0.75 * src[11]);
        assertThat(Bilinear.sample(src, 0, FOUR, 1.25, 2.75, 0)).isCloseTo(expected, within(1e-14));
        assertThat(Bilinear.sample(src, 0, FOUR, 2, 3, 0)).isEqualTo(src[11]);
        assertThat(Bilinear.sample(src, 0, FOUR, -0.5, 0, 8)).isEqualTo((8 + src[0]) / 2); // half-way to the fill
        assertThat(Bilinear.sample(src, 0, FOUR, -1, 0, 8)).isEqualTo(8);
        assertThat(Bilinear.sample(src, 0, FOUR, 1, 40, 8)).isEqualTo(8);
        assertThat(Bilinear.sample(src, 0, FOUR, Double.NaN, 0, 8)).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0}×{0}")
    @ValueSource(ints = {4, 5})
    void rotationBy90DegreesIsNumpyRot90(int n) {
        ImageShape shape = ImageShape.square(n);
        double[] src = TestImages.random(shape, n);
        double[] out = Affine.rotation(shape, 90).resampled(src, shape, 0);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                // counter-clockwise: numpy.rot90(m)[r][c] = m[c][n − 1 − r]
                assertThat(out[r * n + c]).isCloseTo(src[c * n + (n - 1 - r)], within(1e-12));
            }
        }
        double[] back = Affine.rotation(shape, -90).resampled(out, shape, 0);
        assertThat(back).containsExactly(src);
        double[] half = Affine.rotation(shape, 180).resampled(src, shape, 0);
        for (int i = 0; i < n * n; i++) {
            assertThat(half[i]).isEqualTo(src[n * n - 1 - i]);
        }
        assertThat(Affine.rotation(shape, 450)).isEqualTo(Affine.rotation(shape, 90));
    }

    @Test
    void aGeneralAngleRotatesThePixelCentresAboutTheImageCentre() {
        ImageShape shape = new ImageShape(5, 7); // centre (2, 3)
        Affine map = Affine.rotation(shape, 30);
        double s = Math.sin(Math.toRadians(30));
        double c = Math.cos(Math.toRadians(30));
        // output (r, col) reads the source at the centre + the output offset rotated by −30°
        double r = 4;
        double col = 1;
        double dy = r - 2;
        double dx = col - 3;
        assertThat(map.rr() * r + map.rc() * col + map.r0()).isCloseTo(2 + c * dy + s * dx, within(1e-14));
        assertThat(map.cr() * r + map.cc() * col + map.c0()).isCloseTo(3 - s * dy + c * dx, within(1e-14));
        // the centre is fixed
        assertThat(map.rr() * 2 + map.rc() * 3 + map.r0()).isCloseTo(2, within(1e-14));
        assertThat(map.cr() * 2 + map.cc() * 3 + map.c0()).isCloseTo(3, within(1e-14));
    }

    @Test
    void zoomByTwoReadsTheCentralHalfOfTheImage() {
        ImageShape five = ImageShape.square(5); // centre (2, 2): output (r, c) reads (2 + (r − 2)/2, 2 + (c − 2)/2)
        double[] src = TestImages.random(five, 3);
        double[] out = Affine.zoom(five, 2).resampled(src, five, 0);
        assertThat(out[0]).isEqualTo(src[6]);                      // (0,0) ← (1,1)
        assertThat(out[24]).isEqualTo(src[18]);                    // (4,4) ← (3,3)
        assertThat(out[12]).isEqualTo(src[12]);                    // the centre stays
        assertThat(out[2]).isEqualTo(src[7]);                      // (0,2) ← (1,2)
        assertThat(out[6]).isCloseTo((src[6] + src[7] + src[11] + src[12]) / 4, within(1e-14)); // (1,1) ← (1.5,1.5)
        double[] small = Affine.zoom(five, 0.5).resampled(src, five, -1);
        assertThat(small[12]).isEqualTo(src[12]);
        assertThat(small[0]).isEqualTo(-1);                        // (0,0) ← (−2,−2): outside
        assertThat(small[6]).isEqualTo(src[0]);                    // (1,1) ← (0,0)
    }

    @Test
    void zoomOneShiftZeroAndRotationZeroAreExactIdentities() {
        ImageShape shape = new ImageShape(6, 9);
        double[] src = TestImages.random(shape, 4);
        assertThat(Affine.zoom(shape, 1).resampled(src, shape, 0)).containsExactly(src);
        assertThat(Affine.translation(0, 0).resampled(src, shape, 0)).containsExactly(src);
        assertThat(Affine.rotation(shape, 0).resampled(src, shape, 0)).containsExactly(src);
        assertThat(Affine.identity().resampled(src, shape, 0)).containsExactly(src);
    }

    @Test
    void andThenComposesTheMotionsInOrder() {
        ImageShape shape = ImageShape.square(7);
        Affine twoShifts = Affine.translation(1, 2).andThen(Affine.translation(0.5, -3));
        assertThat(twoShifts).isEqualTo(Affine.translation(1.5, -1));
        Affine thirtyThenSixty = Affine.rotation(shape, 30).andThen(Affine.rotation(shape, 60));
        Affine ninety = Affine.rotation(shape, 90);
        assertThat(new double[] {thirtyThenSixty.rr(), thirtyThenSixty.rc(), thirtyThenSixty.r0(), thirtyThenSixty.cr(), thirtyThenSixty.cc(),
                thirtyThenSixty.c0()}).containsExactly(new double[] {ninety.rr(), ninety.rc(), ninety.r0(), ninety.cr(), ninety.cc(), ninety.c0()},
                within(1e-14));
        // shift right by 1, then rotate 90° counter-clockwise: the content that was at (r, c) ends at rot90's place of (r, c + 1)
        double[] src = TestImages.random(shape, 5);
        double[] shifted = Affine.translation(0, 1).resampled(src, shape, 0);
        double[] expected = ninety.resampled(shifted, shape, 0);
        assertThat(Affine.translation(0, 1).andThen(ninety).resampled(src, shape, 0)).containsExactly(expected, within(1e-12));
    }

    @Test
    void offsetsSelectTheImageInsideLargerArrays() {
        double[] src = new double[3 + 16];
        System.arraycopy(pattern16(), 0, src, 3, 16);
        double[] dst = new double[2 + 16];
        Affine.translation(0, 1).apply(src, 3, dst, 2, FOUR, 0);
        assertThat(dst[2]).isZero();
        assertThat(dst[3]).isEqualTo(1);
        assertThat(dst[2 + 15]).isEqualTo(15);
    }
}
