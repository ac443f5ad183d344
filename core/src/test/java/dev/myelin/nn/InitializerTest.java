package dev.myelin.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InitializerTest {
    private static final int FAN_IN = 400;
    private static final int FAN_OUT = 300;

    private static double[] draw(Initializer init) {
        double[] w = new double[FAN_IN * FAN_OUT];
        init.fill(w, 0, FAN_IN, FAN_OUT, new SplittableRandom(7));
        return w;
    }

    private static double mean(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        return s / w.length;
    }

    private static double variance(double[] w) {
        double m = mean(w);
        double s = 0;
        for (double v : w) {
            s += (v - m) * (v - m);
        }
        return s / w.length;
    }

    private static double maxAbs(double[] w) {
        double m = 0;
        for (double v : w) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** With 120,000 draws the sample variance is within about 1% of the true one (4 standard errors ≈ 1.6%). */
    private static void assertVariance(Initializer init, double expected) {
        double[] w = draw(init);
        assertThat(mean(w)).isCloseTo(0.0, within(4 * Math.sqrt(expected / w.length)));
        assertThat(variance(w) / expected).isCloseTo(1.0, within(0.02));
    }

    @Test
    void normalFamiliesHaveTheirTextbookVariance() {
        assertVariance(Initializer.normal(0.05), 0.05 * 0.05);
        assertVariance(Initializer.xavierNormal(), 2.0 / (FAN_IN + FAN_OUT));
        assertVariance(Initializer.heNormal(), 2.0 / FAN_IN);
        assertVariance(Initializer.lecunNormal(), 1.0 / FAN_IN);
    }

    @Test
    void uniformFamiliesHaveTheirBoundsAndVariance() {
        double xavier = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        double he = Math.sqrt(6.0 / FAN_IN);
        double fanIn = 1 / Math.sqrt(FAN_IN);
        assertThat(maxAbs(draw(Initializer.xavierUniform()))).isLessThanOrEqualTo(xavier).isGreaterThan(0.999 * xavier);
        assertThat(maxAbs(draw(Initializer.heUniform()))).isLessThanOrEqualTo(he).isGreaterThan(0.999 * he);
        assertThat(maxAbs(draw(Initializer.fanInUniform()))).isLessThanOrEqualTo(fanIn).isGreaterThan(0.999 * fanIn);
        assertVariance(Initializer.uniform(0.3), 0.3 * 0.3 / 3); // U(−a, a) has variance a²/3
        assertVariance(Initializer.xavierUniform(), xavier * xavier / 3);
    }

    @Test
    void zerosAndConstant() {
        assertThat(maxAbs(draw(Initializer.zeros()))).isZero();
        assertThat(draw(Initializer.constant(0.25))).containsOnly(0.25);
    }

    @Test
    void sparseGivesExactlyKNonZeroIncomingWeightsPerUnit() {
        double[] w = draw(Initializer.sparse(15, 1.0));
        for (int unit = 0; unit < FAN_OUT; unit++) {
            int nonZero = 0;
            for (int i = 0; i < FAN_IN; i++) {
                if (w[i * FAN_OUT + unit] != 0) {
                    nonZero++;
                }
            }
            assertThat(nonZero).as("unit %d", unit).isEqualTo(15);
        }
        assertThatThrownBy(() -> Initializer.sparse(500, 1.0).fill(new double[FAN_IN * 2], 0, FAN_IN, 2, new SplittableRandom(1)))
                .hasMessageContaining("only 400 inputs");
    }

    @Test
    void sameSeedSameWeights() {
        assertThat(draw(Initializer.heNormal())).isEqualTo(draw(Initializer.heNormal()));
    }

    @Test
    void recommendedInitializerFollowsTheActivation() {
        assertThat(Activation.sigmoid().recommendedInitializer()).isEqualTo(Initializer.xavierUniform());
        assertThat(Activation.tanh().recommendedInitializer()).isEqualTo(Initializer.xavierUniform());
        assertThat(Activation.softmax().recommendedInitializer()).isEqualTo(Initializer.xavierUniform());
        assertThat(Activation.relu().recommendedInitializer()).isEqualTo(Initializer.heNormal());
        assertThat(Activation.leakyRelu().recommendedInitializer()).isEqualTo(Initializer.heNormal());
        assertThat(Activation.swish().recommendedInitializer()).isEqualTo(Initializer.heNormal());
        assertThat(Activation.selu().recommendedInitializer()).isEqualTo(Initializer.lecunNormal());
    }

    @Test
    void parsesEveryName() {
        assertThat(Initializer.parse("sparse:15:0.5")).isEqualTo(Initializer.sparse(15, 0.5));
        assertThat(Initializer.parse("glorot_normal")).isEqualTo(Initializer.xavierNormal());
        assertThat(Initializer.parse("normal:0.01")).isEqualTo(Initializer.normal(0.01));
        assertThatThrownBy(() -> Initializer.parse("normal")).hasMessageContaining("numeric parameter");
        assertThatThrownBy(() -> Initializer.normal(-1)).hasMessageContaining("scale > 0");
    }
}
