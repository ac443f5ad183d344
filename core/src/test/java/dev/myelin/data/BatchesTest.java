package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchesTest {
    @Test
    void lastPartialBatchIsKeptByDefault() {
        Batches b = Batches.of(10, 4);
        assertThat(b.count()).isEqualTo(3);
        assertThat(new int[] {b.size(0), b.size(1), b.size(2)}).containsExactly(4, 4, 2);
        assertThat(b.start(2)).isEqualTo(8);
        assertThat(b.end(2)).isEqualTo(10);
        assertThat(b.samplesPerEpoch()).isEqualTo(10);
    }

    @Test
    void dropLastDropsThePartialBatch() {
        Batches b = new Batches(10, 4, true);
        assertThat(b.count()).isEqualTo(2);
        assertThat(b.samplesPerEpoch()).isEqualTo(8);
        assertThatThrownBy(() -> b.start(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void sixSamplesGiveOneThreeOrSixUpdatesPerEpoch() {
        assertThat(Batches.of(6, 6).count()).isEqualTo(1);
        assertThat(Batches.of(6, 2).count()).isEqualTo(3);
        assertThat(Batches.of(6, 1).count()).isEqualTo(6);
    }

    @Test
    void batchLargerThanDataIsOneBatch() {
        assertThat(Batches.of(5, 128).count()).isEqualTo(1);
        assertThat(Batches.of(5, 128).size(0)).isEqualTo(5);
    }

    @Test
    void invalidSizesAreRejected() {
        assertThatThrownBy(() -> Batches.of(10, 0)).hasMessageContaining("batch size must be >= 1, got 0");
        assertThatThrownBy(() -> Batches.of(0, 4)).hasMessageContaining("empty");
        assertThatThrownBy(() -> new Batches(3, 4, true)).hasMessageContaining("leaves no batch");
    }
}
