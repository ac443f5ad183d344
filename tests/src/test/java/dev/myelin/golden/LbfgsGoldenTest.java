package dev.myelin.golden;

import dev.myelin.optim.fullbatch.Lbfgs;
import dev.myelin.optim.fullbatch.MinimizationResult;
import dev.myelin.optim.fullbatch.Objective;
import dev.myelin.testkit.GoldenFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * L-BFGS against {@code torch.optim.LBFGS(lr=1, max_iter=20, history_size=10, line_search_fn="strong_wolfe")}
 * on the Rosenbrock function ({@code tests/golden/golden_optim.py}): after each of five {@code step}
 * calls, the same parameters (1e-9 relative), the same loss, and the same counts of iterations and
 * evaluations, which pins the line search and the stopping rules.
 */
class LbfgsGoldenTest {

    /** Rosenbrock's function, minimum 0 at (1, …, 1). */
    static final Objective ROSENBROCK = Objective.rosenbrock();

    @ParameterizedTest
    @ValueSource(strings = {"r2", "r6"})
    void matchesPyTorchStepByStep(String key) {
        GoldenFile golden = GoldenFile.load("lbfgs_rosenbrock.txt");
        Lbfgs.Run run = Lbfgs.defaults().withHistorySize(10).withMaxIterations(20).start(ROSENBROCK, golden.get(key + ".x0"));
        int calls = golden.integer(key + ".calls");
        for (int call = 1; call <= calls; call++) {
            MinimizationResult result = run.step();
            double[] expected = golden.get(key + ".x" + call);
            for (int i = 0; i < expected.length; i++) {
                assertThat(result.parameters()[i]).as("%s x[%d] after call %d", key, i, call)
                        .isCloseTo(expected[i], within(1e-9 * Math.max(1, Math.abs(expected[i]))));
            }
            assertThat(result.value()).as("%s loss after call %d", key, call)
                    .isCloseTo(golden.get(key + ".loss" + call)[0], within(1e-9 * Math.max(1e-3, golden.get(key + ".loss" + call)[0])));
            assertThat(run.totalIterations()).as("%s iterations after call %d", key, call).isEqualTo(golden.integer(key + ".iterations" + call));
            assertThat(run.totalEvaluations()).as("%s evaluations after call %d", key, call).isEqualTo(golden.integer(key + ".evaluations" + call));
        }
    }
}
