package dev.myelin.random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PhiloxTest {

    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox4x32.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }

    /** Random123's tests/kat_vectors for philox4x32_10. */
    @Test
    void matchesTheRandom123KnownAnswerVectors() {
        assertThat(block(0, 0, 0, 0, 0, 0)).containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
        assertThat(block(-1, -1, -1, -1, -1, -1)).containsExactly(0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
        assertThat(block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0))
                .containsExactly(0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
    }

    @Test
    void dropoutStreamIsTheDocumentedFunctionOfTheBlockWords() {
        long seed = 0x1234_5678_9abc_def0L;
        int[] words = block(5, 3, 7, 0, (int) seed, (int) (seed >>> 32)); // elements 20..23, layer 3, step 7
        for (int lane = 0; lane < 4; lane++) {
            assertThat(DropoutStream.uniform(seed, 7, 3, 20 + lane)).isEqualTo((words[lane] >>> 8) / 16777216.0);
        }
        double[] mask = new double[6];
        DropoutStream.fillMask(seed, 7, 3, 19, 6, 0.5, 2.0, mask);
        for (int i = 0; i < 6; i++) {
            assertThat(mask[i]).isEqualTo(DropoutStream.uniform(seed, 7, 3, 19 + i) >= 0.5 ? 2.0 : 0.0);
        }
    }

    /** The first {@code n} elements of the p = 0.3 mask (kept units scaled by 1/0.7) of seed 42 at {@code step} and {@code layer}. */
    private static double[] mask(long step, int layer, int n) {
        double[] m = new double[n];
        DropoutStream.fillMask(42, step, layer, 0, n, 0.3, 1 / 0.7, m);
        return m;
    }

    @Test
    void keepsAboutOneMinusPOfUnitsAndDiffersPerStepAndLayer() {
        int n = 200_000;
        double[] a = mask(0, 0, n);
        double kept = java.util.Arrays.stream(a).filter(v -> v != 0).count() / (double) n;
        assertThat(kept).isCloseTo(0.7, within(4 * Math.sqrt(0.21 / n))); // binomial: 4 standard errors
        assertThat(mask(1, 0, n)).as("next step").isNotEqualTo(a);
        assertThat(mask(0, 1, n)).as("next layer").isNotEqualTo(a);
        assertThat(mask(0, 0, n)).as("same key again").isEqualTo(a);
    }
}
