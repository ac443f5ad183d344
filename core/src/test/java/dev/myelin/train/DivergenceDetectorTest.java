package dev.myelin.train;

import dev.myelin.data.Dataset;
import dev.myelin.loss.Loss;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DivergenceDetectorTest {

    /** A history with the given per-epoch training and validation losses. */
    private static History history(double[] loss, double[] valLoss) {
        History h = new History();
        for (int e = 0; e < loss.length; e++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("loss", loss[e]);
            m.put("val_loss", valLoss[e]);
            h.record(m);
        }
        return h;
    }

    @Test
    void constantBaselineOfBalancedClassesIsTheEntropyLnK() {
        Dataset three = Dataset.classification("three", new double[][] {{0}, {1}, {2}, {3}, {4}, {5}}, new int[] {0, 1, 2, 0, 1, 2}, 3);
        assertThat(ConstantBaseline.loss(three, Loss.sparseCategoricalCrossEntropy())).isCloseTo(Math.log(3), within(1e-12));
        // label smoothing leaves balanced frequencies balanced
        assertThat(ConstantBaseline.loss(three, Loss.sparseCategoricalCrossEntropy().withLabelSmoothing(0.1))).isCloseTo(Math.log(3), within(1e-12));
        Dataset skewed = Dataset.classification("skewed", new double[][] {{0}, {1}, {2}, {3}}, new int[] {0, 0, 0, 1}, 2);
        // p = (3/4, 1/4): −(3/4 ln 3/4 + 1/4 ln 1/4)
        assertThat(ConstantBaseline.loss(skewed, Loss.binaryCrossEntropy())).isCloseTo(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)), within(1e-12));
    }

    @Test
    void constantBaselineOfARegressionIsTheTargetVarianceForMseAndTheDeviationFromTheMedianForMae() {
        Dataset y = Dataset.regression("y", new double[][] {{0}, {0}, {0}, {0}}, new double[][] {{1}, {2}, {3}, {10}});
        // mean 4: ((−3)² + (−2)² + (−1)² + 6²)/4 = 50/4
        assertThat(ConstantBaseline.loss(y, Loss.meanSquaredError())).isCloseTo(12.5, within(1e-12));
        // median 2.5: (1.5 + 0.5 + 0.5 + 7.5)/4
        assertThat(ConstantBaseline.loss(y, Loss.meanAbsoluteError())).isCloseTo(2.5, within(1e-12));
        assertThat(ConstantBaseline.loss(y, Loss.huber())).isNaN();
    }

    @Test
    void sgdAtLearningRate100IsDivergenceAndNotOverfitting() {
        // the per-epoch losses of `myelin train --optimizer sgd --lr 100 --epochs 8` on the digits before the fix:
        // the overfitting report then said "Overfitting began at epoch 2"
        double[] loss = {2.4078270357252285e25, 39.8292, 45.0796, 44.7645, 44.9136, 41.7859, 41.5354, 42.2063};
        double[] valLoss = {24.8706, 54.2113, 46.2918, 49.5713, 46.5534, 49.3252, 54.1362, 31.2374};
        History h = history(loss, valLoss);
        assertThat(OverfittingReport.of(h).overfitting()).isTrue(); // the old diagnosis, without the detector
        DivergenceDetector detector = new DivergenceDetector(3.0175, Math.log(10));
        assertThat(detector.diagnose(h)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("training diverged: the training loss rose from 3.0175 before training to 42.2063").contains("learning rate too high"));
        OverfittingReport report = OverfittingReport.of(h, detector);
        assertThat(report.overfitting()).isFalse();
        assertThat(report.summary()).contains("No overfitting diagnosis: training diverged").doesNotContain("Overfitting began")
                .contains("from 2.408e+25 to 42.2063");
    }

    @Test
    void aRunThatEndsAtTheConstantPredictorsLossLearntNothing() {
        History h = history(new double[] {1.2, 1.1}, new double[] {1.11, 1.0987});
        assertThat(new DivergenceDetector(1.3, Math.log(3)).diagnose(h)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("final validation loss 1.0987 is no better than 1.0986").contains("chance level"));
        History learnt = history(new double[] {1.2, 0.5}, new double[] {1.0, 0.4});
        assertThat(new DivergenceDetector(1.3, Math.log(3)).diagnose(learnt)).isEmpty();
    }

    @Test
    void aNonFiniteLossIsDivergence() {
        History h = history(new double[] {0.9, Double.POSITIVE_INFINITY}, new double[] {0.8, Double.NaN});
        assertThat(new DivergenceDetector(Double.NaN, Double.NaN).diagnose(h)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("training diverged"));
        assertThat(new DivergenceDetector(Double.NaN, Double.NaN).diagnose(Double.NaN, 0.5)).isPresent();
        assertThat(new DivergenceDetector(Double.NaN, Double.NaN).diagnose(0.5, Double.NaN)).isEmpty(); // no validation set, finite loss
    }

    @Test
    void hugeAndTinyNumbersPrintInScientificNotation() {
        assertThat(Numbers.format(2.4078270357252285e25)).isEqualTo("2.408e+25");
        assertThat(Numbers.format(1.5e-7)).isEqualTo("1.500e-07");
        assertThat(Numbers.format(0.1234567)).isEqualTo("0.1235");
        assertThat(Numbers.format(0)).isEqualTo("0.0000");
        assertThat(Numbers.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }
}
