package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private static Dataset ramp(int n) {
        double[] x = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 2;
        }
        return Dataset.classification("ramp", x, 1, y, 2);
    }

    @Test
    void sizesRoundValidationAndTestAndGiveTrainTheRest() {
        assertThat(Splits.sizes(100, 0.7, 0.15, 0.15)).containsExactly(70, 15, 15);
        assertThat(Splits.sizes(1797, 0.8, 0.1, 0.1)).containsExactly(1437, 180, 180);
        assertThat(Splits.sizes(150, 0.7, 0.15, 0.15)).containsExactly(104, 23, 23);
        assertThat(Splits.sizes(10, 0.8, 0.2, 0.0)).containsExactly(8, 2, 0);
    }

    @Test
    void randomSplitCutsTheSeededPermutationInOrder() {
        // Shuffle.permutation(10, 42) = 3 4 7 0 8 5 9 2 6 1 (see ShuffleTest)
        int[][] parts = Splits.randomIndices(10, 0.6, 0.2, 0.2, 42);
        assertThat(parts[0]).containsExactly(3, 4, 7, 0, 8, 5);
        assertThat(parts[1]).containsExactly(9, 2);
        assertThat(parts[2]).containsExactly(6, 1);
    }

    @Test
    void randomSplitPartitionsTheDataAndRepeatsForTheSameSeed() {
        Dataset data = ramp(200);
        Split a = Splits.random(data, 0.7, 0.15, 0.15, 5);
        Split b = Splits.random(data, 0.7, 0.15, 0.15, 5);
        Split c = Splits.random(data, 0.7, 0.15, 0.15, 6);
        assertThat(a.train().size()).isEqualTo(140);
        assertThat(a.validation().size()).isEqualTo(30);
        assertThat(a.test().size()).isEqualTo(30);
        double[] all = concat(a.train().features(), a.validation().features(), a.test().features());
        Arrays.sort(all);
        assertThat(all).isEqualTo(IntStream.range(0, 200).asDoubleStream().toArray());
        assertThat(a.train()).isEqualTo(b.train());
        assertThat(a.train()).isNotEqualTo(c.train());
        assertThat(a.train().name()).isEqualTo("ramp/train");
    }

    @Test
    void zeroTestFractionGivesNoTestSet() {
        Split s = Splits.random(ramp(10), 0.8, 0.2, 0.0, 1);
        assertThat(s.hasTest()).isFalse();
        assertThat(s.testOptional()).isEmpty();
        assertThat(s.train().size() + s.validation().size()).isEqualTo(10);
    }

    @Test
    void stratifiedIrisKeepsClassProportionsInEveryPart() {
        Split s = Splits.stratified(EmbeddedData.iris(), 0.7, 0.15, 0.15, 11);
        // 23 validation samples: 23 * 50/150 = 7.67 per class, floors 7,7,7, the 2 left go to classes 0 and 1
        assertThat(s.validation().classCounts()).containsExactly(8, 8, 7);
        assertThat(s.test().classCounts()).containsExactly(8, 8, 7);
        assertThat(s.train().classCounts()).containsExactly(34, 34, 36);
    }

    @Test
    void stratifiedDigitsAreWithinOneOfTheExactShare() {
        Dataset digits = EmbeddedData.digits();
        Split s = Splits.stratified(digits, 0.8, 0.1, 0.1, 3);
        int[] all = digits.classCounts();
        int[] val = s.validation().classCounts();
        assertThat(s.validation().size()).isEqualTo(180);
        for (int c = 0; c < 10; c++) {
            assertThat((double) val[c]).isCloseTo(180.0 * all[c] / 1797, org.assertj.core.data.Offset.offset(1.0));
            assertThat(s.train().classCounts()[c] + val[c] + s.test().classCounts()[c]).isEqualTo(all[c]);
        }
    }

    @Test
    void stratifiedSplitIsDeterministicAndDisjoint() {
        Dataset data = ramp(50);
        int[][] a = Splits.stratifiedIndices(data.labels(), 2, 0.6, 0.2, 0.2, 9);
        int[][] b = Splits.stratifiedIndices(data.labels(), 2, 0.6, 0.2, 0.2, 9);
        assertThat(a).isDeepEqualTo(b);
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(a[0]), Arrays.stream(a[1])), Arrays.stream(a[2]))
                .sorted().toArray();
        assertThat(all).isEqualTo(Shuffle.identity(50));
    }

    @Test
    void fractionsThatDoNotSumToOneAreRejected() {
        assertThatThrownBy(() -> Splits.random(ramp(10), 0.7, 0.1, 0.1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must sum to 1").hasMessageContaining("0.7 + 0.1 + 0.1");
    }

    @Test
    void nonPositiveTrainOrValidationFractionIsRejected() {
        assertThatThrownBy(() -> Splits.random(ramp(10), 1.0, 0.0, 0.0, 0))
                .hasMessageContaining("train > 0, validation > 0 and test >= 0");
        assertThatThrownBy(() -> Splits.random(ramp(10), 1.2, 0.1, -0.3, 0))
                .hasMessageContaining("train > 0, validation > 0 and test >= 0");
    }

    @Test
    void tooFewSamplesForAPartAreRejected() {
        assertThatThrownBy(() -> Splits.random(ramp(3), 0.7, 0.15, 0.15, 0))
                .hasMessageContaining("cannot split 3 samples").hasMessageContaining("validation 0");
    }

    @Test
    void stratifiedNeedsClassification() {
        Dataset r = Synthetic.linear(10, 0, 0);
        assertThatThrownBy(() -> Splits.stratified(r, 0.8, 0.1, 0.1, 0))
                .hasMessageContaining("needs a classification data set");
    }

    @Test
    void allocateRespectsCapacity() {
        assertThat(Splits.allocate(3, new int[] {1, 1, 4}, new int[] {0, 1, 4})).containsExactly(0, 1, 2);
    }

    private static double[] concat(double[]... parts) {
        return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
    }
}
