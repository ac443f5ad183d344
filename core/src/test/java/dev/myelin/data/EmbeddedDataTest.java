package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Expected numbers were printed by data/extract_embedded.py from scikit-learn's load_digits and load_iris. */
class EmbeddedDataTest {
    @Test
    void digitsHaveSklearnShapeAndClassCounts() {
        Dataset d = EmbeddedData.digits();
        assertThat(d.name()).isEqualTo("digits");
        assertThat(d.size()).isEqualTo(1797);
        assertThat(d.featureCount()).isEqualTo(64);
        assertThat(d.numClasses()).isEqualTo(10);
        assertThat(d.classCounts()).containsExactly(178, 182, 177, 183, 181, 182, 181, 179, 174, 180);
    }

    @Test
    void digitsPixelsAreIntegersFrom0To16WithSklearnSum() {
        double[] x = EmbeddedData.digits().features();
        assertThat(Arrays.stream(x).min().getAsDouble()).isEqualTo(0.0);
        assertThat(Arrays.stream(x).max().getAsDouble()).isEqualTo(16.0);
        assertThat(Arrays.stream(x).allMatch(v -> v == Math.rint(v))).isTrue();
        assertThat(Arrays.stream(x).sum()).isEqualTo(561_718.0);
    }

    @Test
    void digitsFirstAndLastRowsMatchSklearn() {
        Dataset d = EmbeddedData.digits();
        assertThat(Arrays.copyOfRange(d.features(), 0, 16))
                .containsExactly(0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0);
        assertThat(d.label(0)).isZero();
        int last = 1796 * 64;
        assertThat(Arrays.copyOfRange(d.features(), last, last + 16))
                .containsExactly(0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16, 14, 6, 1, 0, 0);
        assertThat(d.label(1796)).isEqualTo(8);
        assertThat(new int[] {d.label(1), d.label(2), d.label(9), d.label(10)}).containsExactly(1, 2, 9, 0);
    }

    @Test
    void irisHasFiftyOfEachClassAndSklearnValues() {
        Dataset d = EmbeddedData.iris();
        assertThat(d.size()).isEqualTo(150);
        assertThat(d.featureCount()).isEqualTo(4);
        assertThat(d.classCounts()).containsExactly(50, 50, 50);
        assertThat(Arrays.copyOfRange(d.features(), 0, 4)).containsExactly(5.1, 3.5, 1.4, 0.2);
        assertThat(Arrays.copyOfRange(d.features(), 149 * 4, 150 * 4)).containsExactly(5.9, 3.0, 5.1, 1.8);
        assertThat(d.label(0)).isZero();
        assertThat(d.label(149)).isEqualTo(2);
        double[] sums = new double[4];
        for (int k = 0; k < d.features().length; k++) {
            sums[k % 4] += d.features()[k];
        }
        assertThat(sums[0]).isCloseTo(876.5, within(1e-9));
        assertThat(sums[1]).isCloseTo(458.6, within(1e-9));
        assertThat(sums[2]).isCloseTo(563.7, within(1e-9));
        assertThat(sums[3]).isCloseTo(179.9, within(1e-9));
    }

    @Test
    void eachCallReturnsAnEqualFreshSet() {
        assertThat(EmbeddedData.iris()).isEqualTo(EmbeddedData.iris());
        assertThat(EmbeddedData.iris().features()).isNotSameAs(EmbeddedData.iris().features());
    }
}
