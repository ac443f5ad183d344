package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetTest {
    private static Dataset threeByTwo() {
        return Dataset.classification("toy", new double[][] {{1, 2}, {3, 4}, {5, 6}}, new int[] {0, 2, 1}, 3);
    }

    @Test
    void classificationStoresRowMajorFeaturesAndLabelsInOneTargetColumn() {
        Dataset d = threeByTwo();
        assertThat(d.name()).isEqualTo("toy");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.featureCount()).isEqualTo(2);
        assertThat(d.targetWidth()).isEqualTo(1);
        assertThat(d.numClasses()).isEqualTo(3);
        assertThat(d.isClassification()).isTrue();
        assertThat(d.features()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(d.targets()).containsExactly(0, 2, 1);
        assertThat(d.label(1)).isEqualTo(2);
        assertThat(d.labels()).containsExactly(0, 2, 1);
        assertThat(d.feature(2, 1)).isEqualTo(6.0);
    }

    @Test
    void factoriesCopyTheirInput() {
        double[][] rows = {{1, 2}, {3, 4}};
        double[] flat = {1, 2, 3, 4};
        Dataset a = Dataset.classification("a", rows, new int[] {0, 1}, 2);
        Dataset b = Dataset.classification("b", flat, 2, new int[] {0, 1}, 2);
        rows[0][0] = 99;
        flat[0] = 99;
        assertThat(a.features()[0]).isEqualTo(1.0);
        assertThat(b.features()[0]).isEqualTo(1.0);
    }

    @Test
    void regressionKeepsTargetRowsAndHasNoClasses() {
        Dataset d = Dataset.regression("r", new double[][] {{1}, {2}}, new double[][] {{2, 20}, {4, 40}});
        assertThat(d.numClasses()).isZero();
        assertThat(d.isClassification()).isFalse();
        assertThat(d.targetWidth()).isEqualTo(2);
        assertThat(d.targets()).containsExactly(2, 20, 4, 40);
        assertThatThrownBy(() -> d.label(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("regression set");
    }

    @Test
    void subsetTakesRowsInTheGivenOrderWithRepeats() {
        Dataset s = threeByTwo().subset(new int[] {2, 0, 2});
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.features()).containsExactly(5, 6, 1, 2, 5, 6);
        assertThat(s.labels()).containsExactly(1, 0, 1);
        assertThat(s.numClasses()).isEqualTo(3);
    }

    @Test
    void subsetRejectsIndexOutOfRange() {
        assertThatThrownBy(() -> threeByTwo().subset(new int[] {0, 3}))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index 3 at position 1");
    }

    @Test
    void oneHotTargetsPutOneInTheLabelColumn() {
        assertThat(threeByTwo().oneHotTargets()).containsExactly(
                1, 0, 0,
                0, 0, 1,
                0, 1, 0);
    }

    @Test
    void classCountsCountEachClass() {
        Dataset d = Dataset.classification("c", new double[] {0, 0, 0, 0, 0}, 1, new int[] {1, 1, 0, 1, 3}, 4);
        assertThat(d.classCounts()).containsExactly(1, 3, 0, 1);
    }

    @Test
    void emptyDataSetIsRejected() {
        assertThatThrownBy(() -> Dataset.classification("none", new double[0][], new int[0], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'none' is empty (0 samples)").hasMessageContaining("at least one sample");
        assertThatThrownBy(() -> Dataset.fromFlat("flat", new double[0], 3, new double[0], 1, 0))
                .hasMessageContaining("is empty");
    }

    @Test
    void flatFeaturesMustHoldWholeRows() {
        assertThatThrownBy(() -> Dataset.fromFlat("f", new double[10], 3, new double[3], 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("features length 10 is not a multiple of featureCount 3");
    }

    @Test
    void rowsOfUnequalLengthAreRejected() {
        assertThatThrownBy(() -> Dataset.classification("u", new double[][] {{1, 2}, {3, 4}, {5}},
                new int[] {0, 1, 0}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unequal length").hasMessageContaining("row 0 has 2 values but row 2 has 1");
    }

    @Test
    void labelCountMustMatchRowCount() {
        assertThatThrownBy(() -> Dataset.classification("m", new double[][] {{1}, {2}}, new int[] {0}, 2))
                .hasMessageContaining("2 feature rows but 1 labels");
        assertThatThrownBy(() -> Dataset.classification("m", new double[] {1, 2, 3, 4}, 2, new int[] {0, 1, 1}, 2))
                .hasMessageContaining("2 feature rows but 3 labels");
    }

    @Test
    void nanFeatureIsReportedWithRowColumnAndValue() {
        assertThatThrownBy(() -> Dataset.classification("n", new double[][] {{1, 2}, {3, Double.NaN}},
                new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature at row 1, column 1 is NaN")
                .hasMessageContaining("impute");
    }

    @Test
    void infiniteFeatureIsReportedWithRowColumnAndValue() {
        assertThatThrownBy(() -> Dataset.regression("i", new double[][] {{Double.NEGATIVE_INFINITY}, {1}},
                new double[][] {{0}, {1}}))
                .hasMessageContaining("feature at row 0, column 0 is -Infinity");
    }

    @Test
    void labelOutOfRangeIsRejected() {
        assertThatThrownBy(() -> Dataset.classification("l", new double[][] {{1}, {2}}, new int[] {0, 3}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 3 at row 1 is outside [0, 3)")
                .hasMessageContaining("raise numClasses or remap");
        assertThatThrownBy(() -> Dataset.classification("l", new double[][] {{1}, {2}}, new int[] {-1, 0}, 3))
                .hasMessageContaining("label -1 at row 0 is outside [0, 3)");
    }

    @Test
    void fewerThanTwoClassesIsRejected() {
        assertThatThrownBy(() -> Dataset.classification("k", new double[][] {{1}}, new int[] {0}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numClasses must be at least 2").hasMessageContaining("got 1");
    }

    @Test
    void fractionalLabelInFlatTargetsIsRejected() {
        assertThatThrownBy(() -> Dataset.fromFlat("q", new double[] {1, 2}, 1, new double[] {0, 0.5}, 1, 2))
                .hasMessageContaining("label 0.5 at row 1");
    }

    @Test
    void nonFiniteRegressionTargetIsRejected() {
        assertThatThrownBy(() -> Dataset.regression("t", new double[][] {{1}, {2}},
                new double[][] {{0}, {Double.POSITIVE_INFINITY}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("regression target at row 1, column 0 is Infinity");
        assertThatThrownBy(() -> Dataset.fromFlat("t", new double[] {1, 2}, 1, new double[] {Double.NaN, 0}, 1, 0))
                .hasMessageContaining("regression target at row 0, column 0 is NaN");
    }

    @Test
    void classificationNeedsOneTargetColumn() {
        assertThatThrownBy(() -> Dataset.fromFlat("w", new double[] {1, 2}, 1, new double[] {1, 0, 0, 1}, 2, 2))
                .hasMessageContaining("one target column").hasMessageContaining("not one-hot rows");
    }

    @Test
    void withFeaturesKeepsTargetsAndChecksShape() {
        Dataset d = threeByTwo().withFeatures(new double[] {7, 8, 9}, 1);
        assertThat(d.featureCount()).isEqualTo(1);
        assertThat(d.labels()).containsExactly(0, 2, 1);
        assertThatThrownBy(() -> threeByTwo().withFeatures(new double[5], 2))
                .hasMessageContaining("must be [3, 2] = 6 values, got 5");
    }

    @Test
    void float32SetRoundsFeaturesOnceAndKeepsThemAsFloatsThroughSubsets() {
        Dataset wide = Dataset.classification("f", new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 2, new int[] {0, 1, 1}, 2);
        Dataset narrow = wide.toFloat32();
        assertThat(narrow.isFloat32()).isTrue();
        assertThat(wide.isFloat32()).isFalse();
        assertThat(narrow.featuresFloat32()).containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f);
        assertThat(narrow.features()).containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f);
        assertThat(narrow.feature(2, 1)).isEqualTo(0.6f);
        Dataset picked = narrow.subset(new int[] {2, 0});
        assertThat(picked.isFloat32()).isTrue();
        assertThat(picked.featuresFloat32()).containsExactly(0.5f, 0.6f, 0.1f, 0.2f);
        assertThat(picked.labels()).containsExactly(1, 0);
        assertThat(narrow.toFloat32()).isSameAs(narrow);
    }

    @Test
    void float32SetRejectsNonFiniteFeaturesAndBadLabels() {
        assertThatThrownBy(() -> Dataset.classificationFloat32("f", new float[] {1f, Float.NaN}, 1, new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1").hasMessageContaining("NaN");
        assertThatThrownBy(() -> Dataset.classificationFloat32("f", new float[] {1f, 2f}, 1, new int[] {0, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2");
    }

    @Test
    void classNamesTravelWithSubsetsAndNormalisedCopies() {
        Dataset named = threeByTwo().withClassNames(java.util.List.of("cat", "dog", "owl"));
        assertThat(threeByTwo().classNames()).isEmpty();
        assertThat(named.classNames()).containsExactly("cat", "dog", "owl");
        assertThat(named.subset(new int[] {2}).classNames()).containsExactly("cat", "dog", "owl");
        assertThat(named.withFeatures(new double[6], 2).classNames()).containsExactly("cat", "dog", "owl");
        assertThat(named).isNotEqualTo(threeByTwo());
    }

    @Test
    void classNamesMustBeOnePerClassDistinctAndOnlyForClassification() {
        assertThatThrownBy(() -> threeByTwo().withClassNames(java.util.List.of("a", "b")))
                .hasMessageContaining("has 3 classes but 2 class names");
        assertThatThrownBy(() -> threeByTwo().withClassNames(java.util.List.of("a", "b", "a")))
                .hasMessageContaining("distinct and non-blank");
        Dataset regression = Dataset.regression("r", new double[][] {{1}, {2}}, new double[][] {{0}, {1}});
        assertThatThrownBy(() -> regression.withClassNames(java.util.List.of("a", "b")))
                .hasMessageContaining("needs a classification data set");
    }

    @Test
    void float32SetKeepsItsClassNamesAndItsFloatsWhenNamed() {
        Dataset named = threeByTwo().withClassNames(java.util.List.of("cat", "dog", "owl")).toFloat32();
        assertThat(named.classNames()).containsExactly("cat", "dog", "owl");
        Dataset renamed = threeByTwo().toFloat32().withClassNames(java.util.List.of("a", "b", "c"));
        assertThat(renamed.isFloat32()).isTrue();
        assertThat(renamed.featuresFloat32()).containsExactly(threeByTwo().toFloat32().featuresFloat32());
    }
}
