package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Pinned values come from data/shuffle_reference.py, an independent Python SplitMix64 + Fisher–Yates. */
class ShuffleTest {
    @Test
    void seed42GivesTheReferencePermutation() {
        assertThat(Shuffle.permutation(10, 42)).containsExactly(3, 4, 7, 0, 8, 5, 9, 2, 6, 1);
        assertThat(Shuffle.permutation(10, 7)).containsExactly(1, 5, 0, 4, 2, 8, 7, 3, 9, 6);
    }

    @Test
    void largePermutationStartsAsTheReferenceAndIsAPermutation() {
        int[] p = Shuffle.permutation(1000, 2024);
        assertThat(Arrays.copyOf(p, 8)).containsExactly(487, 7, 319, 312, 660, 276, 571, 873);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(Shuffle.identity(1000));
    }

    @Test
    void mixIsTheSplitMix64Finaliser() {
        assertThat(Shuffle.mix(0)).isEqualTo(0xe220a8397b1dcdafL);
        assertThat(Shuffle.mix(1)).isEqualTo(0x910a2dec89025cc1L);
    }
}
