package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OneHotTest {
    @Test
    void encodeThenArgmaxRoundTrips() {
        int[] labels = {2, 0, 1, 2};
        double[] hot = OneHot.encode(labels, 3);
        assertThat(hot).containsExactly(0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertThat(OneHot.argmax(hot, 3)).containsExactly(labels);
    }

    @Test
    void argmaxPicksLargestScoreAndLowestColumnOnTies() {
        assertThat(OneHot.argmax(new double[] {0.1, 0.7, 0.2, 5, 5, -1}, 3)).containsExactly(1, 0);
    }

    @Test
    void encodeRejectsLabelOutsideRange() {
        assertThatThrownBy(() -> OneHot.encode(new int[] {0, 4}, 4))
                .hasMessageContaining("label 4 at row 1 is outside [0, 4)");
    }
}
