package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KFoldTest {
    @Test
    void foldsCutTheSeededPermutationWithLargerFoldsFirst() {
        // Shuffle.permutation(10, 42) = 3 4 7 0 8 5 9 2 6 1; 10 = 4 + 3 + 3
        int[][] folds = new KFold(3, 42).validationIndices(10);
        assertThat(folds[0]).containsExactly(3, 4, 7, 0);
        assertThat(folds[1]).containsExactly(8, 5, 9);
        assertThat(folds[2]).containsExactly(2, 6, 1);
        assertThat(new KFold(3, 42).trainIndices(10, 1)).containsExactly(3, 4, 7, 0, 2, 6, 1);
    }

    @Test
    void everySampleIsInExactlyOneValidationFold() {
        int n = 103;
        int[] seen = new int[n];
        for (int[] fold : new KFold(5, 8).validationIndices(n)) {
            for (int i : fold) {
                seen[i]++;
            }
        }
        assertThat(seen).containsOnly(1);
    }

    @Test
    void foldsOfADataSetHaveComplementaryTrainAndValidation() {
        Dataset iris = EmbeddedData.iris();
        List<Fold> folds = new KFold(5, 1).folds(iris);
        assertThat(folds).hasSize(5);
        for (Fold f : folds) {
            assertThat(f.validation().size()).isEqualTo(30);
            assertThat(f.train().size()).isEqualTo(120);
        }
        assertThat(folds.get(2).index()).isEqualTo(2);
    }

    @Test
    void invalidKIsRejected() {
        assertThatThrownBy(() -> new KFold(1, 0)).hasMessageContaining("k >= 2");
        assertThatThrownBy(() -> new KFold(5, 0).validationIndices(3))
                .hasMessageContaining("needs at least 5 samples, got 3");
    }

    @Test
    void stratifiedFoldsKeepClassCountsWithinOne() {
        Dataset digits = EmbeddedData.digits();
        List<Fold> folds = KFold.stratified(5, 3).folds(digits);
        int[] total = new int[10];
        for (Fold f : folds) {
            assertThat(f.validation().size()).isBetween(359, 360);
            int[] counts = f.validation().classCounts();
            for (int c = 0; c < 10; c++) {
                int share = digits.classCounts()[c] / 5;
                assertThat(counts[c]).isBetween(share, share + 1);
                total[c] += counts[c];
            }
        }
        assertThat(total).isEqualTo(digits.classCounts());
    }

    @Test
    void stratifiedFoldsCoverEverySampleOnceAndRepeatForTheSeed() {
        int[] labels = {0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 0, 1};
        int[][] a = KFold.stratified(3, 4).stratifiedValidationIndices(labels, 3);
        assertThat(a).isDeepEqualTo(KFold.stratified(3, 4).stratifiedValidationIndices(labels, 3));
        int[] seen = new int[labels.length];
        for (int[] fold : a) {
            assertThat(fold).hasSize(4);
            for (int i : fold) {
                seen[i]++;
            }
        }
        assertThat(seen).containsOnly(1);
    }

    @Test
    void stratifiedNeedsClassification() {
        assertThatThrownBy(() -> KFold.stratified(2, 0).folds(Synthetic.linear(10, 0, 0)))
                .hasMessageContaining("needs a classification data set");
    }
}
