package dev.myelin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The training bookkeeping operations: {@code copyIfNonFinite} (a step with a non-finite loss applies nothing) and
 * {@code confusionCounts} (a classifier's confusion matrix counted where its outputs are), against the rules of their
 * documentation written out here: the first arg-max of a row, a threshold for one output column, labels that are no
 * class left out.
 *
 * <p>Part of the backend test kit: a backend module's test class implements this interface (or {@link
 * BackendTestKit}, which gathers every area) and supplies the backend; see {@link BackendKit}.
 */
public interface TrainingBookkeepingKit extends BackendKit {

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    default void copyIfNonFiniteCopiesEveryElementWhenTheFlagIsNotFinite(double bad) {
        double[] values = gaussian(6);
        Tensor src = operand(2, 3, values);
        Tensor dst = operand(1, 6, gaussian(6));
        double[] before = held(dst);
        Tensor flag = operand(1, 1, new double[] {-3.5});
        backend().copyIfNonFinite(flag, src, dst);
        assertThat(held(dst)).as("a finite flag copies nothing").containsExactly(before);
        backend().upload(new double[] {bad}, 0, flag);
        backend().copyIfNonFinite(flag, src, dst);
        assertThat(held(dst)).as("flag %s: dst [1, 6] takes src [2, 3] in row-major order", bad).containsExactly(held(src));
        assertBordersIntact("copyIfNonFinite", src, dst, flag);
    }

    @Test
    default void copyIfNonFiniteWithTheFlagAsSourceSetsTheScaleToTheFlag() {
        Tensor lossSum = operand(1, 1, new double[] {12.5});
        Tensor scale = operand(1, 1, new double[] {0.25});
        backend().copyIfNonFinite(lossSum, lossSum, scale);
        assertThat(held(scale)).as("a finite loss leaves the gradient scale").containsExactly(0.25);
        backend().upload(new double[] {Double.POSITIVE_INFINITY}, 0, lossSum);
        backend().copyIfNonFinite(lossSum, lossSum, scale);
        assertThat(held(scale)).as("an infinite loss becomes the scale, so the step is skipped").containsExactly(Double.POSITIVE_INFINITY);
        assertThat(held(lossSum)).containsExactly(Double.POSITIVE_INFINITY);
        assertBordersIntact("copyIfNonFinite", lossSum, scale);
    }

    @Test
    default void confusionCountsAddsTheFirstArgmaxOfEachRowUnderItsClassIndex() {
        int rows = 57;
        int k = 4;
        int classes = 5;
        double[] out = gaussian(rows * k);
        out[3 * k + 2] = out[3 * k]; // a tie: the first maximum wins if these two are the largest
        out[3 * k + 1] = out[3 * k + 3] = Math.min(out[3 * k], -10);
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random().nextInt(classes);
        }
        labels[5] = -1; // no class: not counted
        labels[6] = classes;
        labels[7] = 1.5;
        labels[8] = Double.NaN;
        Tensor output = operand(rows, k, out);
        Tensor label = operand(rows, 1, labels);
        Tensor counts = int32Operand(classes, classes, new int[classes * classes]);
        backend().upload(new int[] {7}, 0, backend().view(counts, classes * classes - 1, 1, 1));
        double[] o = held(output);
        double[] l = held(label);
        long[] want = new long[classes * classes];
        want[classes * classes - 1] = 7;
        for (int pass = 0; pass < 2; pass++) {
            backend().confusionCounts(output, label, 0.5, counts);
            for (int i = 0; i < rows; i++) {
                int actual = classOf(l[i], classes);
                if (actual >= 0) {
                    want[actual * classes + firstArgmax(o, i * k, k)]++;
                }
            }
            assertThat(cells(counts)).as("after %d calls (counts accumulate)", pass + 1).containsExactly(want);
        }
        assertBordersIntact("confusionCounts", counts);
    }

    @Test
    default void confusionCountsReadsOneHotLabelsByTheirArgmaxAndOneOutputByTheThreshold() {
        Tensor output = operand(3, 3, new double[] {0.1, 0.7, 0.2, 0.5, 0.5, 0.0, 0.3, 0.3, 0.4});
        Tensor oneHot = operand(3, 3, new double[] {0, 1, 0, 0, 0, 1, 1, 0, 0});
        Tensor counts = int32Operand(3, 3);
        backend().confusionCounts(output, oneHot, 0.5, counts);
        assertThat(cells(counts)).containsExactly(
                0, 0, 1,
                0, 1, 0,
                1, 0, 0);
        Tensor probability = operand(5, 1, new double[] {0.2, 0.6, 0.5, 0.51, 0.9});
        Tensor binary = operand(5, 1, new double[] {0, 1, 1, 0, 1});
        Tensor two = int32Operand(2, 2);
        backend().confusionCounts(probability, binary, 0.5, two);
        assertThat(cells(two)).as("0.5 is not above the threshold: class 0").containsExactly(
                1, 1,
                1, 2);
        backend().confusionCounts(probability, binary, 0.55, two);
        assertThat(cells(two)).as("threshold 0.55 moves 0.51 to class 0").containsExactly(
                3, 1,
                2, 4);
    }

    @Test
    default void confusionCountsCountsExactlyBeyondWhatAFloatHolds() {
        Tensor output = operand(2, 2, new double[] {0, 1, 1, 0});
        Tensor labels = operand(2, 1, new double[] {1, 1});
        Tensor counts = int32Operand(2, 2, new int[] {0, 0, 0, (1 << 24) + 1});
        backend().confusionCounts(output, labels, 0.5, counts);
        assertThat(cells(counts)).as("a float32 cell would stay at 2^24").containsExactly(0, 0, 1, (1 << 24) + 2);
        Tensor floats = operand(2, 2);
        assertThatThrownBy(() -> backend().confusionCounts(output, labels, 0.5, floats)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confusionCounts").hasMessageContaining("counts").hasMessageContaining("INT32");
    }

    private long[] cells(Tensor counts) {
        int[] ints = new int[counts.size()];
        backend().download(counts, ints, 0);
        long[] cells = new long[ints.length];
        for (int i = 0; i < ints.length; i++) {
            cells[i] = ints[i];
        }
        return cells;
    }

    /** The first maximum of {@code x[from .. from + n)}: a NaN in first place wins, later NaNs are passed over. */
    private static int firstArgmax(double[] x, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (x[from + j] > x[from + best]) {
                best = j;
            }
        }
        return best;
    }

    /** {@code label} as a class in {@code [0, classes)}, or −1 when it is none. */
    private static int classOf(double label, int classes) {
        return label == Math.rint(label) && label >= 0 && label < classes ? (int) label : -1;
    }
}
