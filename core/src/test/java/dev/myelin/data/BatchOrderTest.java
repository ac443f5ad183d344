package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Pinned orders come from data/shuffle_reference.py (seed ^ mix(epoch), SplitMix64, Fisher–Yates). */
class BatchOrderTest {
    @Test
    void shuffledOrderDependsOnSeedAndEpochAsTheReference() {
        BatchOrder order = BatchOrder.shuffled(42);
        assertThat(order.permutation(10, 0)).containsExactly(3, 2, 4, 9, 1, 0, 7, 8, 6, 5);
        assertThat(order.permutation(10, 1)).containsExactly(4, 2, 7, 8, 1, 6, 9, 3, 0, 5);
    }

    @Test
    void sameSeedAndEpochGiveTheSameOrderAnyTime() {
        assertThat(BatchOrder.shuffled(9).permutation(500, 17)).isEqualTo(BatchOrder.shuffled(9).permutation(500, 17));
        assertThat(BatchOrder.shuffled(9).permutation(500, 17)).isNotEqualTo(BatchOrder.shuffled(9).permutation(500, 18));
    }

    @Test
    void sequentialOrderIsIdentityEveryEpoch() {
        assertThat(BatchOrder.sequential().permutation(5, 3)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void negativeEpochIsRejected() {
        assertThatThrownBy(() -> BatchOrder.shuffled(1).permutation(5, -1)).hasMessageContaining("epoch");
    }
}
