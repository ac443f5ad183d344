package dev.myelin.optim.fullbatch;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** L-BFGS and nonlinear CG on functions whose minima are known in closed form; settings validation. */
class FullBatchTest {

    /** Rosenbrock's function, minimum 0 at (1, …, 1). */
    static final Objective ROSENBROCK = Objective.rosenbrock();

    /** Minimises Rosenbrock's function from the classic start (−1.2, 1); asserts it reached (1, 1) to 1e-5 with a value below 1e-10. */
    private static MinimizationResult assertFindsTheRosenbrockMinimumFromTheClassicStart(Minimizer minimizer) {
        MinimizationResult r = minimizer.minimize(ROSENBROCK, new double[] {-1.2, 1.0});
        assertThat(r.parameters()[0]).isCloseTo(1.0, within(1e-5));
        assertThat(r.parameters()[1]).isCloseTo(1.0, within(1e-5));
        assertThat(r.value()).isLessThan(1e-10);
        return r;
    }

    @Test
    void lbfgsFindsTheRosenbrockMinimumFromTheClassicStart() {
        MinimizationResult r = assertFindsTheRosenbrockMinimumFromTheClassicStart(Lbfgs.defaults());
        assertThat(r.iterations()).isLessThan(60);
    }

    @Test
    void lbfgsFindsTheTenDimensionalRosenbrockMinimum() {
        double[] x0 = new double[10];
        Arrays.fill(x0, -0.5);
        x0[0] = -1.2;
        MinimizationResult r = Lbfgs.defaults().withMaxIterations(500).withTolerances(1e-9, 1e-14).minimize(ROSENBROCK, x0);
        for (double xi : r.parameters()) {
            assertThat(xi).isCloseTo(1.0, within(1e-6));
        }
        assertThat(r.value()).isLessThan(1e-12);
    }

    @Test
    void conjugateGradientFindsTheRosenbrockMinimum() {
        assertFindsTheRosenbrockMinimumFromTheClassicStart(NonlinearCg.defaults());
    }

    /** f(x) = ½·xᵀAx − bᵀx with A = MᵀM + I (SPD, distinct eigenvalues), minimum at A⁻¹b. */
    static final class Quadratic implements Objective {
        final int n;
        final double[][] a;
        final double[] b;

        Quadratic(int n, long seed) {
            this.n = n;
            SplittableRandom rng = new SplittableRandom(seed);
            double[][] m = new double[n][n];
            for (double[] row : m) {
                for (int j = 0; j < n; j++) {
                    row[j] = rng.nextDouble(-1, 1);
                }
            }
            a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < n; k++) {
                        a[i][j] += m[k][i] * m[k][j];
                    }
                }
                a[i][i] += 1;
            }
            b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = rng.nextDouble(-1, 1);
            }
        }

        @Override
        public double valueAndGradient(double[] x, double[] g) {
            double f = 0;
            for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) {
                    ax += a[i][j] * x[j];
                }
                g[i] = ax - b[i];
                f += 0.5 * x[i] * ax - b[i] * x[i];
            }
            return f;
        }

        /** A·x − b, the residual. */
        double residual(double[] x) {
            double[] g = new double[n];
            valueAndGradient(x, g);
            return Arrays.stream(g).map(Math::abs).max().orElseThrow();
        }
    }

    @Test
    void conjugateGradientSolvesAQuadraticInAtMostNIterations() {
        for (int n : new int[] {2, 5, 8}) {
            Quadratic q = new Quadratic(n, 7 + n);
            // a near-exact line search (c2 = 1e-4·10) and no restarts within n: linear CG
            MinimizationResult r = NonlinearCg.defaults().withCurvature(1e-3).withTolerances(1e-9, 0).minimize(q, new double[n]);
            assertThat(r.iterations()).as("n = %d", n).isLessThanOrEqualTo(n);
            assertThat(r.termination()).isEqualTo(Termination.GRADIENT_TOLERANCE);
            assertThat(q.residual(r.parameters())).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void lbfgsSolvesAQuadraticToTheGradientTolerance() {
        Quadratic q = new Quadratic(8, 3);
        // the default change tolerance (1e-9 on the value) stops first; switch it off to reach the gradient tolerance
        // (1e-8: below ~1e-9 the value changes of a line search are lost in the rounding of f ≈ −0.35)
        MinimizationResult r = Lbfgs.defaults().withTolerances(1e-8, 0).minimize(q, new double[8]);
        assertThat(r.termination()).isEqualTo(Termination.GRADIENT_TOLERANCE);
        assertThat(q.residual(r.parameters())).isLessThanOrEqualTo(1e-8);
        assertThat(r.gradientMaxNorm()).isLessThanOrEqualTo(1e-8);
        assertThat(Lbfgs.defaults().minimize(q, new double[8]).termination()).isEqualTo(Termination.NO_PROGRESS);
    }

    @Test
    void stopsAtOnceAtAStationaryStartAndReportsBudgets() {
        MinimizationResult atMinimum = Lbfgs.defaults().minimize(ROSENBROCK, new double[] {1, 1});
        assertThat(atMinimum.iterations()).isZero();
        assertThat(atMinimum.evaluations()).isEqualTo(1);
        assertThat(atMinimum.termination()).isEqualTo(Termination.GRADIENT_TOLERANCE);
        MinimizationResult short3 = Lbfgs.defaults().withMaxIterations(3).withMaxEvaluations(100).minimize(ROSENBROCK, new double[] {-1.2, 1});
        assertThat(short3.iterations()).isEqualTo(3);
        assertThat(short3.termination()).isEqualTo(Termination.MAX_ITERATIONS);
        // PyTorch's evaluation budget of 5/4 of the iterations: 3 iterations allow 3 evaluations, used up by the first line search
        MinimizationResult fewEvaluations = Lbfgs.defaults().withMaxIterations(3).minimize(ROSENBROCK, new double[] {-1.2, 1});
        assertThat(fewEvaluations.termination()).isEqualTo(Termination.MAX_EVALUATIONS);
        assertThat(fewEvaluations.evaluations()).isGreaterThanOrEqualTo(3);
        MinimizationResult cgShort = NonlinearCg.defaults().withMaxIterations(2).minimize(ROSENBROCK, new double[] {-1.2, 1});
        assertThat(cgShort.termination()).isEqualTo(Termination.MAX_ITERATIONS);
    }

    @Test
    void cubicInterpolationIsExactOnACubic() {
        // f(t) = (t − 1)³ − 3(t − 1): f' = 3(t − 1)² − 3, local minimum at t = 2
        double f0 = -1 + 3;
        double g0 = 0;
        double f3 = 8 - 6;
        double g3 = 12 - 3;
        assertThat(StrongWolfe.cubicInterpolate(0, f0, g0, 3, f3, g3)).isCloseTo(2.0, within(1e-12));
        // clamped to the bounds
        assertThat(StrongWolfe.cubicInterpolate(0, f0, g0, 3, f3, g3, 2.5, 30)).isEqualTo(2.5);
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(() -> Lbfgs.defaults().withHistorySize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("L-BFGS history size must be >= 1, got 0");
        assertThatThrownBy(() -> Lbfgs.defaults().withMaxIterations(0)).hasMessage("L-BFGS max iterations must be >= 1, got 0");
        assertThatThrownBy(() -> Lbfgs.defaults().withMaxEvaluations(-2)).hasMessage("L-BFGS max evaluations must be >= 1, got -2");
        assertThatThrownBy(() -> Lbfgs.defaults().withTolerances(-1e-7, 1e-9)).hasMessage("L-BFGS gradient tolerance must be a finite number >= 0, got -1.0E-7");
        assertThatThrownBy(() -> Lbfgs.defaults().withTolerances(1e-7, Double.NaN)).hasMessage("L-BFGS change tolerance must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> new Lbfgs(10, 20, 25, 1e-7, 1e-9, 0)).hasMessage("L-BFGS learning rate must be a finite number > 0, got 0.0");
        assertThatThrownBy(() -> NonlinearCg.defaults().withCurvature(1.0)).hasMessage("conjugate gradient curvature constant c2 must be in (1.0E-4, 1), got 1.0");
        assertThatThrownBy(() -> NonlinearCg.defaults().withCurvature(1e-5)).hasMessageContaining("c2 must be in (1.0E-4, 1)");
        assertThatThrownBy(() -> NonlinearCg.defaults().withRestartInterval(-1)).hasMessageContaining("restart interval must be >= 0");
        assertThatThrownBy(() -> NonlinearCg.defaults().withMaxIterations(0)).hasMessage("conjugate gradient max iterations must be >= 1, got 0");
        assertThatThrownBy(() -> Lbfgs.defaults().minimize(ROSENBROCK, new double[0])).hasMessageContaining("non-empty starting point");
    }
}
