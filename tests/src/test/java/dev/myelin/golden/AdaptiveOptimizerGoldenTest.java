package dev.myelin.golden;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.optim.AdaDelta;
import dev.myelin.optim.AdaGrad;
import dev.myelin.optim.Adam;
import dev.myelin.optim.AdamW;
import dev.myelin.optim.Nadam;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.RmsProp;
import dev.myelin.optim.Sgd;
import dev.myelin.optim.Updater;
import dev.myelin.testkit.GoldenFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The adaptive optimisers step by step against PyTorch ({@code tests/golden/golden_optim.py}): fifteen
 * steps of fixed gradients, and fifteen steps whose gradients come from the current parameters (the
 * gradient of the file's coupled objective, written out in {@link #coupledGradient}), float64 to 1e-10
 * relative and float32 to 1e-5 relative with an absolute floor of 1e-6. Also: a non-finite gradient scale
 * leaves parameters and state bit for bit unchanged, and a scale of 0.5 equals halving the gradient.
 */
class AdaptiveOptimizerGoldenTest {
    private static final double F64_TOLERANCE = 1e-10;
    private static final double F32_TOLERANCE = 1e-5;
    private static final double F32_FLOOR = 1e-6;

    /** Fixed start parameters and gradients for the gradient-scale tests: those of {@code optim_adam.txt}. */
    private static final GoldenFile FIXED_RUN = GoldenFile.load("optim_adam.txt");

    enum Case {
        ADAGRAD("adagrad", AdaGrad.of(0.1)),
        ADAGRAD_WD("adagrad_wd", AdaGrad.of(0.1).withEpsilon(1e-6).withWeightDecay(0.1)),
        ADADELTA("adadelta", AdaDelta.defaults()),
        ADADELTA_WD("adadelta_wd", new AdaDelta(0.5, 0.8, 1e-5, 0.05)),
        RMSPROP("rmsprop", RmsProp.of(0.01)),
        RMSPROP_MOMENTUM("rmsprop_momentum", RmsProp.of(0.01).withMomentum(0.9)),
        RMSPROP_CENTERED("rmsprop_centered", RmsProp.of(0.01).asCentered()),
        RMSPROP_CENTERED_MOMENTUM("rmsprop_centered_momentum", RmsProp.of(0.01).asCentered().withMomentum(0.9)),
        RMSPROP_WD("rmsprop_wd", new RmsProp(0.005, 0.9, 1e-6, 0.5, true, 0.05)),
        ADAM("adam", Adam.of(0.01)),
        ADAM_WD("adam_wd", Adam.of(0.01).withBetas(0.8, 0.99).withEpsilon(1e-6).withWeightDecay(0.05)),
        ADAMW("adamw", AdamW.of(0.01)),
        ADAMW_WD("adamw_wd", AdamW.of(0.01).withBetas(0.85, 0.995).withWeightDecay(0.1)),
        NADAM("nadam", Nadam.of(0.01)),
        NADAM_WD("nadam_wd", Nadam.of(0.01).withWeightDecay(0.05).withMomentumDecay(0.01));

        final String file;
        final Optimizer optimizer;

        Case(String name, Optimizer optimizer) {
            this.file = "optim_" + name + ".txt";
            this.optimizer = optimizer;
        }
    }

    private static Backend open(DType dtype) {
        return new CpuBackendProvider().open(dtype, new BackendOptions(1));
    }

    private static double tolerance(DType dtype, double expected) {
        return dtype == DType.FLOAT64 ? F64_TOLERANCE * Math.abs(expected) : Math.max(F32_TOLERANCE * Math.abs(expected), F32_FLOOR);
    }

    private static void assertClose(double[] actual, double[] expected, DType dtype, String what) {
        assertThat(actual).as(what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s element %d", what, i).isCloseTo(expected[i], within(tolerance(dtype, expected[i])));
        }
    }

    /** ∇f for f(w) = Σ ½·a_i·(w_i − c_i)² + b·Σ (w_{i+1} − w_i²)². */
    static double[] coupledGradient(double[] w, double[] a, double[] c, double b) {
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = a[i] * (w[i] - c[i]);
        }
        for (int i = 0; i + 1 < w.length; i++) {
            double r = w[i + 1] - w[i] * w[i];
            g[i] += -4 * b * w[i] * r;
            g[i + 1] += 2 * b * r;
        }
        return g;
    }

    /** An optimiser stepping one parameter vector on one backend, from given start values. */
    private static final class Run implements AutoCloseable {
        final Backend backend;
        final Optimizer optimizer;
        final Tensor w;
        final Tensor g;
        final Updater updater;

        Run(Backend backend, Optimizer optimizer, double[] w0) {
            this.backend = backend;
            this.optimizer = optimizer;
            this.w = backend.allocate(1, w0.length);
            this.g = backend.allocate(1, w0.length);
            this.updater = optimizer.start(backend, w0.length);
            backend.upload(w0, 0, w);
        }

        /** One step with gradient {@code grad}, multiplied on the device by {@code scale} unless null. */
        void step(double[] grad, Tensor scale) {
            backend.upload(grad, 0, g);
            updater.step(w, g, optimizer.learningRate(), scale);
        }

        double[] params() {
            return host(backend, w);
        }

        double[] state() {
            return host(backend, updater.state());
        }

        @Override
        public void close() {
            updater.close();
            g.close();
            w.close();
        }
    }

    /** The gradient of step {@code t} (from 0) at the parameters {@code now}, on a backend of {@code dtype}. */
    private interface GradientOfStep {
        double[] at(DType dtype, int t, double[] now);
    }

    /**
     * Steps {@code c}'s optimiser through the golden file's series {@code series} ({@code fixed} or {@code coupled}:
     * {@code .steps}, {@code .w0}, then {@code .w1} ... after each step) on CPU float64 and float32, the gradients from
     * {@code gradient}, comparing the parameters after every step.
     */
    private static void assertSeriesMatchesPyTorch(Case c, String series, GradientOfStep gradient) {
        GoldenFile golden = GoldenFile.load(c.file);
        int steps = golden.integer(series + ".steps");
        for (DType dtype : DType.computeTypes()) {
            try (Backend backend = open(dtype); Run run = new Run(backend, c.optimizer, golden.get(series + ".w0"))) {
                double[] now = run.params();
                for (int t = 0; t < steps; t++) {
                    run.step(gradient.at(dtype, t, now), null);
                    now = run.params();
                    assertClose(now, golden.get(series + ".w" + (t + 1)), dtype, c + " " + dtype + " " + series + " gradients, after step " + (t + 1));
                }
                assertThat(run.updater.steps()).isEqualTo(steps);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void matchesPyTorchWithFixedGradients(Case c) {
        GoldenFile golden = GoldenFile.load(c.file);
        assertSeriesMatchesPyTorch(c, "fixed", (dtype, t, now) -> golden.get("fixed.grad" + t));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void matchesPyTorchWithGradientsOfTheCoupledObjective(Case c) {
        GoldenFile golden = GoldenFile.load(c.file);
        double[] a = golden.get("coupled.a");
        double[] cs = golden.get("coupled.c");
        double b = golden.get("coupled.b")[0];
        assertSeriesMatchesPyTorch(c, "coupled", (dtype, t, now) -> {
            double[] grad = coupledGradient(now, a, cs, b);
            if (dtype == DType.FLOAT64) { // in float32 the gradient amplifies the parameters' rounding; they are checked after the step
                assertClose(grad, golden.get("coupled.grad" + t), dtype, c + " " + dtype + " gradient of step " + (t + 1));
            }
            return grad;
        });
    }

    enum Rule {
        SGD(Sgd.plain(0.1)),
        SGD_MOMENTUM(Sgd.momentum(0.1, 0.9).withWeightDecay(0.01)),
        SGD_EMA(Sgd.emaMomentum(0.1, 0.9)),
        SGD_NESTEROV(Sgd.nesterov(0.1, 0.9)),
        ADAGRAD(AdaGrad.of(0.1).withWeightDecay(0.1)),
        ADADELTA(AdaDelta.defaults().withWeightDecay(0.1)),
        RMSPROP(RmsProp.of(0.01)),
        RMSPROP_CENTERED_MOMENTUM(RmsProp.of(0.01).asCentered().withMomentum(0.9).withWeightDecay(0.1)),
        ADAM(Adam.of(0.01).withWeightDecay(0.1)),
        ADAMW(AdamW.of(0.01)),
        NADAM(Nadam.of(0.01).withWeightDecay(0.1));

        final Optimizer optimizer;

        Rule(Optimizer optimizer) {
            this.optimizer = optimizer;
        }
    }

    private static double[] host(Backend backend, Tensor t) {
        if (t == null) {
            return new double[0];
        }
        double[] out = new double[t.size()];
        backend.download(t, out, 0);
        return out;
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void aNonFiniteGradientScaleSkipsTheStepBitForBit(Rule rule) {
        for (DType dtype : DType.computeTypes()) {
            try (Backend backend = open(dtype); Run run = new Run(backend, rule.optimizer, FIXED_RUN.get("fixed.w0"));
                 Tensor scale = backend.allocate(1, 1)) {
                for (int t = 0; t < 3; t++) { // some state first, so that "unchanged" means something
                    run.step(FIXED_RUN.get("fixed.grad" + t), null);
                }
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    double[] paramsBefore = run.params();
                    double[] stateBefore = run.state();
                    backend.fill(scale, bad);
                    run.step(FIXED_RUN.get("fixed.grad3"), scale);
                    assertThat(bitsOf(run.params())).as("%s %s params after scale %s", rule, dtype, bad).isEqualTo(bitsOf(paramsBefore));
                    assertThat(bitsOf(run.state())).as("%s %s state after scale %s", rule, dtype, bad).isEqualTo(bitsOf(stateBefore));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void aGradientScaleOfOneHalfEqualsHalvingTheGradient(Rule rule) {
        double[] w0 = FIXED_RUN.get("fixed.w0");
        for (DType dtype : DType.computeTypes()) {
            try (Backend backend = open(dtype); Run scaled = new Run(backend, rule.optimizer, w0); Run halved = new Run(backend, rule.optimizer, w0);
                 Tensor scale = backend.allocate(1, 1)) {
                backend.fill(scale, 0.5);
                for (int t = 0; t < 5; t++) {
                    double[] grad = FIXED_RUN.get("fixed.grad" + t);
                    scaled.step(grad, scale);
                    halved.step(Arrays.stream(grad).map(x -> x * 0.5).toArray(), null);
                }
                assertThat(bitsOf(scaled.params())).as("%s %s params", rule, dtype).isEqualTo(bitsOf(halved.params()));
                assertThat(bitsOf(scaled.state())).as("%s %s state", rule, dtype).isEqualTo(bitsOf(halved.state()));
            }
        }
    }

    private static long[] bitsOf(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
