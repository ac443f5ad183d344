package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.fullbatch.Lbfgs;
import dev.myelin.optim.fullbatch.MinimizationResult;
import dev.myelin.optim.fullbatch.Minimizers;
import dev.myelin.optim.fullbatch.ModelObjective;
import dev.myelin.train.Evaluator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Full-batch L-BFGS and nonlinear CG fitting a tiny MLP through {@link ModelObjective} on CPU float64. */
class FullBatchTrainingTest {
    private static final ModelSpec SPEC = ModelSpec.builder(2).dense(8, Activation.tanh())
            .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();

    private static Dataset moons() {
        return Synthetic.twoMoons(100, 0.1, 3);
    }

    @Test
    void theObjectiveIsTheModelsMeanLossAndItsGradient() {
        Dataset data = moons();
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(SPEC, f64, 11); ModelObjective objective = ModelObjective.of(model, data)) {
            double[] theta = objective.initialParameters();
            double[] g = new double[theta.length];
            double value = objective.valueAndGradient(theta, g);
            assertThat(value).isCloseTo(Evaluator.evaluate(model, data).loss(), within(1e-12));
            // central differences on a few coordinates
            for (int i : new int[] {0, 7, theta.length - 1}) {
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[i] += 1e-6;
                minus[i] -= 1e-6;
                double numeric = (objective.valueAndGradient(plus, new double[theta.length]) - objective.valueAndGradient(minus, new double[theta.length]))
                        / 2e-6;
                assertThat(g[i]).as("dθ[%d]", i).isCloseTo(numeric, within(1e-7));
            }
            assertThat(objective.evaluations()).isEqualTo(7);
        }
    }

    @Test
    void lbfgsFitsATinyMlpOnTwoMoons() {
        Dataset data = moons();
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(SPEC, f64, 11); ModelObjective objective = ModelObjective.of(model, data)) {
            double initial = Evaluator.evaluate(model, data).loss();
            MinimizationResult r = Lbfgs.defaults().withMaxIterations(300).minimize(objective, objective.initialParameters());
            objective.apply(r.parameters());
            double finalLoss = Evaluator.evaluate(model, data).loss();
            assertThat(finalLoss).isCloseTo(r.value(), within(1e-12));
            // from 0.738 to about 9e-10 in 56 iterations (64 evaluations), stopped by the gradient tolerance
            assertThat(initial).isCloseTo(0.738, within(1e-3));
            assertThat(finalLoss).isLessThan(1e-7);
            assertThat(r.iterations()).isLessThan(150);
            assertThat(Evaluator.evaluate(model, data).accuracy()).isEqualTo(1.0);
        }
    }

    @Test
    void conjugateGradientFitsATinyMlpOnTwoMoons() {
        Dataset data = moons();
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(SPEC, f64, 11)) {
            MinimizationResult r = Minimizers.parse("cg:max_iter=300").fit(model, data); // leaves the result in the model
            double finalLoss = Evaluator.evaluate(model, data).loss();
            // from 0.738 to about 8e-6 in 49 iterations (118 evaluations), stopped when the value changed by less than 1e-9
            assertThat(finalLoss).isCloseTo(r.value(), within(1e-12));
            assertThat(finalLoss).isLessThan(1e-4);
            assertThat(r.iterations()).isLessThan(150);
            assertThat(Evaluator.evaluate(model, data).accuracy()).isEqualTo(1.0);
        }
    }

    @Test
    void rejectsADataSetThatDoesNotFitTheModel() {
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(SPEC, f64, 11)) {
            assertThatThrownBy(() -> ModelObjective.of(model, Synthetic.linear(10, 0.1, 1)))
                    .hasMessageContaining("has 1 features per sample but the model takes 2");
        }
    }
}
