package dev.myelin.e2e;

import dev.myelin.backend.Tensor;
import dev.myelin.gradcheck.GradientCheckOptions;
import dev.myelin.gradcheck.GradientCheckResult;
import dev.myelin.gradcheck.GradientChecker;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.nn.Mode;
import dev.myelin.regularization.Regularization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** L1 and L2 penalties on the weights (not biases by default), both L2 forms. */
class RegularizationTest {
    private static final int ROWS = 5;
    @RegisterExtension
    static final OracleBackend f64 = new OracleBackend();

    private static ModelSpec spec(Regularization r) {
        return ModelSpec.builder(4).dense(6, Activation.tanh()).output(3, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .regularization(r).build();
    }

    private static double[] x() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[ROWS * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        return x;
    }

    private static final double[] Y = {0, 2, 1, 1, 0};

    /** Mean loss and gradient of the model on the fixed batch. */
    private static double[] lossAndGradient(Model model, double[] gradOut) {
        try (Tensor x = f64.get().allocate(ROWS, 4); Tensor y = f64.get().allocate(ROWS, 1); Tensor sum = f64.get().allocate(1, 1)) {
            f64.get().upload(x(), 0, x);
            f64.get().upload(Y, 0, y);
            model.computeGradients(x, y, Mode.inference(), sum);
            System.arraycopy(model.gradientsToHost(), 0, gradOut, 0, gradOut.length);
            return new double[] {f64.get().readScalar(sum, 0) / ROWS};
        }
    }

    static Stream<Regularization> penalties() {
        return Stream.of(Regularization.l2(0.01), Regularization.l2(0.3).withForm(Regularization.L2Form.HALF_OVER_BATCH), Regularization.l1(0.02),
                Regularization.l1l2(0.01, 0.05).withBiases(true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("penalties")
    void penaltyValueAndGradientFollowTheFormulaAndPassTheGradientCheck(Regularization r) {
        try (Model plain = Model.create(spec(Regularization.none()), f64.get(), 8); Model penalised = Model.create(spec(r), f64.get(), 8)) {
            int p = plain.parameterCount();
            double[] g0 = new double[p];
            double[] g1 = new double[p];
            double l0 = lossAndGradient(plain, g0)[0];
            double l1 = lossAndGradient(penalised, g1)[0];
            double[] w = plain.parametersToHost();
            int n = r.includeBiases() ? p : plain.regularizedCount();
            double sq = 0;
            double abs = 0;
            for (int i = 0; i < n; i++) {
                sq += w[i] * w[i];
                abs += Math.abs(w[i]);
            }
            double l2Factor = r.form() == Regularization.L2Form.PLAIN ? r.l2() : r.l2() / (2.0 * ROWS);
            assertThat(l1 - l0).isCloseTo(l2Factor * sq + r.l1() * abs, within(1e-12));
            for (int i = 0; i < p; i++) {
                double expected = i < n ? 2 * l2Factor * w[i] + r.l1() * Math.signum(w[i]) : 0;
                assertThat(g1[i] - g0[i]).as("gradient %d", i).isCloseTo(expected, within(1e-12));
            }
            GradientCheckResult check = GradientChecker.check(penalised, x(), Y, ROWS, GradientCheckOptions.defaults());
            assertThat(check.passed()).as(check.summary()).isTrue();
        }
    }

    @Test
    void biasesAreNotPenalisedByDefault() {
        try (Model model = Model.create(spec(Regularization.l2(1.0)), f64.get(), 8)) {
            // W blocks come first in the flat buffer: 4·6 + 6·3 weights, then 6 + 3 biases
            assertThat(model.regularizedCount()).isEqualTo(4 * 6 + 6 * 3);
            assertThat(model.parameterCount()).isEqualTo(4 * 6 + 6 * 3 + 6 + 3);
        }
    }

    @Test
    void negativeOrNanCoefficientsAreRejected() {
        assertThatThrownBy(() -> Regularization.l2(-0.1)).hasMessageContaining("L2 coefficient must be a finite number >= 0, got -0.1");
        assertThatThrownBy(() -> Regularization.l1(Double.NaN)).hasMessageContaining("L1 coefficient");
    }
}
