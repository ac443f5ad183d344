package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalizerTest {
    private static final double TOL = 1e-12;

    /** Feature 0: 1, 3, 5, 7 (mean 4, range 6). Feature 1: constant 0.1. Feature 2: 2, 2, 2, 10 (mean 4). */
    private static Dataset train() {
        return Dataset.classification("train", new double[][] {
            {1, 0.1, 2}, {3, 0.1, 2}, {5, 0.1, 2}, {7, 0.1, 10}}, new int[] {0, 1, 0, 1}, 2);
    }

    private static Dataset validation() {
        return Dataset.classification("validation", new double[][] {{4, 0.1, 6}, {10, 5, -2}}, new int[] {1, 0}, 2);
    }

    @Test
    void standardScalerUsesTrainingMeanAndPopulationStd() {
        NormalizerParams p = new StandardScaler().fit(train());
        // feature 0: variance ((-3)² + (-1)² + 1² + 3²) / 4 = 5; feature 2: (3 * (-2)² + 6²) / 4 = 12
        assertThat(p.kind()).isEqualTo("standard");
        assertThat(p.center()).containsExactly(new double[] {4, 0.1, 4}, within(TOL));
        assertThat(p.scale()).containsExactly(new double[] {Math.sqrt(5), 1, Math.sqrt(12)}, within(TOL));
        double[] z = p.transform(train()).features();
        assertThat(z).containsExactly(new double[] {
            -3 / Math.sqrt(5), 0, -2 / Math.sqrt(12),
            -1 / Math.sqrt(5), 0, -2 / Math.sqrt(12),
            1 / Math.sqrt(5), 0, -2 / Math.sqrt(12),
            3 / Math.sqrt(5), 0, 6 / Math.sqrt(12)}, within(TOL));
    }

    @Test
    void standardScalerAppliesTrainingStatisticsToValidationUnchanged() {
        NormalizerParams p = new StandardScaler().fit(train());
        Dataset v = p.transform(validation());
        assertThat(v.features()).containsExactly(new double[] {
            0, 0, 2 / Math.sqrt(12),
            6 / Math.sqrt(5), 4.9, -6 / Math.sqrt(12)}, within(TOL));
        assertThat(v.labels()).containsExactly(1, 0);
        assertThat(v.name()).isEqualTo("validation");
    }

    @Test
    void minMaxScalerMapsTrainingRangeToZeroOne() {
        NormalizerParams p = new MinMaxScaler().fit(train());
        double[] s = p.transform(train()).features();
        // feature 0: (x - 1) / 6; feature 1 constant → 0; feature 2: (x - 2) / 8
        assertThat(s).containsExactly(new double[] {
            0, 0, 0,
            2 / 6.0, 0, 0,
            4 / 6.0, 0, 0,
            1, 0, 1}, within(TOL));
        double[] v = p.transform(validation()).features();
        assertThat(v).containsExactly(new double[] {3 / 6.0, 0, 4 / 8.0, 9 / 6.0, 4.9, -4 / 8.0}, within(TOL));
    }

    @Test
    void minMaxScalerToACustomRange() {
        NormalizerParams p = new MinMaxScaler(-1, 1).fit(train());
        double[] s = p.transform(train()).features();
        // feature 0: -1 + 2 (x - 1) / 6 gives -1, -1/3, 1/3, 1; constant feature → lo = -1
        assertThat(new double[] {s[0], s[3], s[6], s[9]}).containsExactly(new double[] {-1, -1 / 3.0, 1 / 3.0, 1},
                within(TOL));
        assertThat(new double[] {s[1], s[4], s[7], s[10]}).containsOnly(-1.0);
        assertThatThrownBy(() -> new MinMaxScaler(1, 1)).hasMessageContaining("lo < hi");
    }

    @Test
    void fittedOnTrainSplitAndAppliedToAllParts() {
        Split split = new Split(train(), validation(), null);
        NormalizerParams p = new StandardScaler().fit(split.train());
        Split scaled = p.transform(split);
        assertThat(scaled.train().features()).isEqualTo(p.transform(train()).features());
        assertThat(scaled.validation().features()).isEqualTo(p.transform(validation()).features());
        assertThat(scaled.hasTest()).isFalse();
        assertThat(p).isEqualTo(new StandardScaler().fit(train()));
    }

    @Test
    void transformInPlaceScalesPredictionBatches() {
        NormalizerParams p = new MinMaxScaler().fit(train());
        double[] batch = {7, 0.1, 10, 1, 0.1, 2};
        p.transformInPlace(batch);
        assertThat(batch).containsExactly(1, 0, 1, 0, 0, 0);
    }

    @Test
    void paramsRebuiltFromSavedNumbersBehaveTheSame() {
        NormalizerParams p = new StandardScaler().fit(train());
        NormalizerParams restored = new NormalizerParams(p.kind(), p.center(), p.scale(), p.offset());
        assertThat(restored.transform(validation())).isEqualTo(p.transform(validation()));
    }

    @Test
    void mismatchedWidthAndInvalidParamsAreRejected() {
        NormalizerParams p = new StandardScaler().fit(train());
        Dataset narrow = Dataset.classification("narrow", new double[][] {{1}, {2}}, new int[] {0, 1}, 2);
        assertThatThrownBy(() -> p.transform(narrow))
                .hasMessageContaining("fitted on 3 features but data set 'narrow' has 1");
        assertThatThrownBy(() -> new NormalizerParams("standard", new double[] {0}, new double[] {0}, new double[] {0}))
                .hasMessageContaining("scale non-zero");
    }

    @Test
    void transformLeavesTheInputDataSetUntouched() {
        Dataset v = validation();
        double[] before = v.features().clone();
        new StandardScaler().fit(train()).transform(v);
        assertThat(v.features()).isEqualTo(before);
    }
}
