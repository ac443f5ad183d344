package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SyntheticTest {
    private static final double EXACT = 1e-12;

    @Test
    void moonsWithoutNoiseLieOnTheirUnitSemicircles() {
        Dataset d = Synthetic.twoMoons(101, 0.0, 1);
        assertThat(d.size()).isEqualTo(101);
        assertThat(d.featureCount()).isEqualTo(2);
        assertThat(d.classCounts()).containsExactly(50, 51);
        double[] x = d.features();
        for (int i = 0; i < d.size(); i++) {
            double a = x[2 * i];
            double b = x[2 * i + 1];
            if (d.label(i) == 0) {
                assertThat(a * a + b * b).isCloseTo(1.0, within(EXACT));
                assertThat(b).isGreaterThanOrEqualTo(-EXACT);
            } else {
                assertThat((a - 1) * (a - 1) + (b - 0.5) * (b - 0.5)).isCloseTo(1.0, within(EXACT));
                assertThat(b).isLessThanOrEqualTo(0.5 + EXACT);
            }
        }
    }

    @Test
    void moonsWithNoiseLeaveTheCirclesByAboutTheNoise() {
        Dataset d = Synthetic.twoMoons(2000, 0.1, 4);
        double sumSq = 0;
        double[] x = d.features();
        for (int i = 0; i < d.size(); i++) {
            if (d.label(i) == 0) {
                double r = Math.hypot(x[2 * i], x[2 * i + 1]);
                sumSq += (r - 1) * (r - 1);
            }
        }
        // radial deviation of a 2-D isotropic N(0, 0.1²) offset has RMS ≈ 0.1
        assertThat(Math.sqrt(sumSq / 1000)).isCloseTo(0.1, within(0.01));
    }

    @Test
    void sameSeedSameSetOtherSeedOtherSet() {
        assertThat(Synthetic.twoMoons(200, 0.1, 7)).isEqualTo(Synthetic.twoMoons(200, 0.1, 7));
        assertThat(Synthetic.twoMoons(200, 0.1, 7)).isNotEqualTo(Synthetic.twoMoons(200, 0.1, 8));
        assertThat(Synthetic.spirals(90, 3, 0.05, 2)).isEqualTo(Synthetic.spirals(90, 3, 0.05, 2));
    }

    @Test
    void rowsAreShuffledSoClassesInterleave() {
        Dataset d = Synthetic.twoMoons(100, 0.0, 1);
        int changes = 0;
        for (int i = 1; i < d.size(); i++) {
            changes += d.label(i) != d.label(i - 1) ? 1 : 0;
        }
        assertThat(changes).isGreaterThan(20);
    }

    @Test
    void circlesWithoutNoiseHaveRadiusOneAndFactor() {
        Dataset d = Synthetic.circles(100, 0.0, 0.3, 5);
        assertThat(d.classCounts()).containsExactly(50, 50);
        double[] x = d.features();
        for (int i = 0; i < d.size(); i++) {
            double r = Math.hypot(x[2 * i], x[2 * i + 1]);
            assertThat(r).isCloseTo(d.label(i) == 0 ? 1.0 : 0.3, within(EXACT));
        }
        assertThatThrownBy(() -> Synthetic.circles(10, 0, 1.0, 0)).hasMessageContaining("factor");
    }

    @Test
    void spiralArmsFollowTheirAngleAndRadius() {
        int arms = 3;
        Dataset d = Synthetic.spirals(301, arms, 0.0, 6);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(d.classCounts()).containsExactly(101, 100, 100);
        double[] x = d.features();
        for (int i = 0; i < d.size(); i++) {
            double r = Math.hypot(x[2 * i], x[2 * i + 1]);
            assertThat(r).isGreaterThan(0.0).isLessThanOrEqualTo(1.0 + EXACT);
            double expected = 2 * Math.PI * d.label(i) / arms + 2 * Math.PI * Synthetic.SPIRAL_TURNS * r;
            double diff = Math.atan2(x[2 * i + 1], x[2 * i]) - expected;
            double wrapped = Math.IEEEremainder(diff, 2 * Math.PI);
            assertThat(wrapped).isCloseTo(0.0, within(1e-9));
        }
    }

    @Test
    void xorLabelsAreOppositeSignsWithoutNoise() {
        Dataset d = Synthetic.xor(400, 0.0, 3);
        assertThat(d.classCounts()).containsExactly(200, 200);
        double[] x = d.features();
        for (int i = 0; i < d.size(); i++) {
            double a = x[2 * i];
            double b = x[2 * i + 1];
            assertThat(Math.abs(a)).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(Math.abs(b)).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(d.label(i)).isEqualTo(a * b < 0 ? 1 : 0);
        }
    }

    @Test
    void sixPointsOfTwoXAreOneToSixAndTheirDoubles() {
        Dataset d = Synthetic.sixPointsOfTwoX();
        assertThat(d.isClassification()).isFalse();
        assertThat(d.features()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(d.targets()).containsExactly(2, 4, 6, 8, 10, 12);
    }

    @Test
    void noisyLinearSetStaysNearTwoX() {
        Dataset d = Synthetic.linear(1000, 0.5, 9);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < d.size(); i++) {
            double r = d.targets()[i] - 2 * d.features()[i];
            sum += r;
            sumSq += r * r;
        }
        assertThat(sum / 1000).isCloseTo(0.0, within(0.05));
        assertThat(Math.sqrt(sumSq / 1000)).isCloseTo(0.5, within(0.05));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThatThrownBy(() -> Synthetic.twoMoons(1, 0, 0)).hasMessageContaining("n (samples, at least one per class) must be >= 2, got 1");
        assertThatThrownBy(() -> Synthetic.xor(10, -0.1, 0)).hasMessageContaining("noise");
        assertThatThrownBy(() -> Synthetic.spirals(10, 1, 0, 0)).hasMessageContaining("at least 2 arms");
    }
}
