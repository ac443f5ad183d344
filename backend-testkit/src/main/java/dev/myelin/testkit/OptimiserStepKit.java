package dev.myelin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.SgdSpec;
import dev.myelin.backend.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Optimiser steps: SGD (every momentum form), AdaGrad, AdaDelta, RMSprop and the Adam family against their update
 * formulas over three steps, with and without weight decay and gradient scale, and the skipped step on a non-finite
 * gradient scale.
 *
 * <p>Part of the backend test kit: a backend module's test class implements this interface (or {@link
 * BackendTestKit}, which gathers every area) and supplies the backend; see {@link BackendKit}.
 */
public interface OptimiserStepKit extends BackendKit {

    /** Every momentum form, with and without weight decay and gradient scale. */
    static Stream<Arguments> sgdCases() {
        List<Arguments> cases = new ArrayList<>();
        for (MomentumForm form : MomentumForm.values()) {
            for (double decay : new double[] {0, 0.01}) {
                for (boolean scaled : new boolean[] {false, true}) {
                    cases.add(Arguments.of(form, decay, scaled));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} decay={1} gradScale={2}")
    @MethodSource("dev.myelin.testkit.OptimiserStepKit#sgdCases")
    default void sgdStepMatchesTheDocumentedUpdateOverThreeSteps(MomentumForm form, double decay, boolean scaled) {
        int n = 1037;
        double lr = 0.05;
        double beta = 0.9;
        Tensor params = operand(1, n, gaussian(n));
        Tensor grads = operand(n, 1, gaussian(n));
        Tensor velocity = form == MomentumForm.NONE ? null : operand(1, n, gaussian(n));
        Tensor gradScale = scaled ? operand(1, 1, new double[] {0.5}) : null;
        double s = scaled ? held(gradScale)[0] : 1.0;
        double[] w = held(params);
        double[] g = held(grads);
        double[] v = velocity == null ? new double[n] : held(velocity);
        double[] magnitude = new double[n];
        for (int step = 0; step < 3; step++) {
            backend().sgdStep(new SgdSpec(form, beta, decay), lr, params, grads, velocity, gradScale);
            for (int i = 0; i < n; i++) {
                double gi = s * g[i] + decay * w[i];
                switch (form) {
                    case NONE:
                        w[i] -= lr * gi;
                        break;
                    case CLASSICAL:
                        v[i] = beta * v[i] + lr * gi;
                        w[i] -= v[i];
                        break;
                    case EMA:
                        v[i] = beta * v[i] + (1 - beta) * gi;
                        w[i] -= lr * v[i];
                        break;
                    case NESTEROV:
                        v[i] = beta * v[i] + lr * gi;
                        w[i] -= beta * v[i] + lr * gi;
                        break;
                    default:
                        throw new IllegalArgumentException(form.toString());
                }
                magnitude[i] = Math.max(magnitude[i], Math.abs(w[i]) + Math.abs(v[i]) + Math.abs(gi));
            }
        }
        assertClose("sgdStep " + form + " params", w, held(params), magnitude);
        if (velocity != null) {
            assertClose("sgdStep " + form + " velocity", v, held(velocity), magnitude);
            assertBordersIntact("sgdStep", velocity);
        }
        assertBordersIntact("sgdStep", params);
    }

    @Test
    default void sgdStepRejectsBuffersOfDifferentSizes() {
        Tensor params = operand(1, 10);
        Tensor grads = operand(1, 9);
        assertThatThrownBy(() -> backend().sgdStep(new SgdSpec(MomentumForm.NONE, 0, 0), 0.1, params, grads, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sgdStep").hasMessageContaining("[1, 10]").hasMessageContaining("[1, 9]");
    }

    // ------------------------------------------------------------------ adaptive optimisers

    /** One optimiser step of the reference, in double, on every element; returns the parameter change. */
    interface ReferenceStep {
        void apply(int step, int i);
    }

    /**
     * The operands of an adaptive step test: parameters and gradient {@code [1, n]} ({@code n} = 517) drawn from
     * N(0, 1), the gradient scale {@code [1, 1]} holding 0.5 when the case is scaled (else null), and the reference's
     * host copies: {@code w} of the parameters, {@code g} of the gradient, {@code s} the factor the scale applies to it.
     */
    record StepOperands(int n, Tensor params, Tensor grads, Tensor gradScale, double s, double[] w, double[] g) {

        /** The gradient the reference step applies at element {@code i} with L2 decay {@code decay}: s·g + decay·w. */
        double gradient(int i, double decay) {
            return s * g[i] + decay * w[i];
        }
    }

    /** Draws the operands of an adaptive step test (parameters first, then the gradient). */
    private StepOperands stepOperands(boolean scaled) {
        int n = 517;
        Tensor params = operand(1, n, gaussian(n));
        Tensor grads = operand(1, n, gaussian(n));
        Tensor gradScale = scaled ? operand(1, 1, new double[] {0.5}) : null;
        return new StepOperands(n, params, grads, gradScale, scaled ? 0.5 : 1.0, held(params), held(grads));
    }

    /** Runs three backend steps and reference steps; compares params and every state buffer. */
    private void checkOptimiser(String what, StepOperands op, Runnable backendStep, ReferenceStep reference, Tensor[] states,
                                double[][] stateRef) {
        double[] w = op.w();
        double[] scale = new double[op.n()];
        for (int step = 0; step < 3; step++) {
            double[] before = w.clone();
            backendStep.run();
            for (int i = 0; i < op.n(); i++) {
                reference.apply(step, i);
                scale[i] = Math.max(scale[i], Math.abs(before[i]) + 10 * Math.abs(w[i] - before[i]));
            }
        }
        Tensor params = op.params();
        assertClose(what + " params", w, held(params), scale);
        for (int b = 0; b < states.length; b++) {
            if (states[b] != null) {
                assertClose(what + " state " + b, stateRef[b], held(states[b]));
                assertBordersIntact(what, states[b]);
            }
        }
        assertBordersIntact(what, params);
    }

    /** With and without weight decay and gradient scale. */
    static Stream<Arguments> decayAndScale() {
        return Stream.of(Arguments.of(0.0, false), Arguments.of(0.01, false), Arguments.of(0.0, true), Arguments.of(0.01, true));
    }

    @ParameterizedTest(name = "decay={0} gradScale={1}")
    @MethodSource("dev.myelin.testkit.OptimiserStepKit#decayAndScale")
    default void adagradStepMatchesItsFormula(double decay, boolean scaled) {
        double lr = 0.1;
        double eps = 1e-10;
        StepOperands op = stepOperands(scaled);
        Tensor sum = operand(1, op.n(), uniform(op.n(), 0, 0.5));
        double[] big = held(sum);
        checkOptimiser("adagradStep", op,
                () -> backend().adagradStep(new AdaGradSpec(eps, decay), lr, op.params(), op.grads(), sum, op.gradScale()),
                (step, i) -> {
                    double gi = op.gradient(i, decay);
                    big[i] += gi * gi;
                    op.w()[i] -= lr * gi / (Math.sqrt(big[i]) + eps);
                }, new Tensor[] {sum}, new double[][] {big});
    }

    @ParameterizedTest(name = "decay={0} gradScale={1}")
    @MethodSource("dev.myelin.testkit.OptimiserStepKit#decayAndScale")
    default void adadeltaStepMatchesItsFormula(double decay, boolean scaled) {
        double lr = 1.0;
        double rho = 0.9;
        double eps = 1e-6;
        StepOperands op = stepOperands(scaled);
        Tensor squareAvg = operand(1, op.n(), uniform(op.n(), 0, 0.5));
        Tensor deltaAvg = operand(1, op.n(), uniform(op.n(), 0, 0.1));
        double[] eg = held(squareAvg);
        double[] ed = held(deltaAvg);
        checkOptimiser("adadeltaStep", op,
                () -> backend().adadeltaStep(new AdaDeltaSpec(rho, eps, decay), lr, op.params(), op.grads(), squareAvg, deltaAvg, op.gradScale()),
                (step, i) -> {
                    double gi = op.gradient(i, decay);
                    eg[i] = rho * eg[i] + (1 - rho) * gi * gi;
                    double delta = Math.sqrt(ed[i] + eps) / Math.sqrt(eg[i] + eps) * gi;
                    ed[i] = rho * ed[i] + (1 - rho) * delta * delta;
                    op.w()[i] -= lr * delta;
                }, new Tensor[] {squareAvg, deltaAvg}, new double[][] {eg, ed});
    }

    /** RMSprop plain and centred, with and without momentum and weight decay (a gradient scale with decay). */
    static Stream<Arguments> rmspropCases() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean centred : new boolean[] {false, true}) {
            for (double momentum : new double[] {0, 0.9}) {
                for (double decay : new double[] {0, 0.01}) {
                    cases.add(Arguments.of(centred, momentum, decay, decay > 0));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "centred={0} momentum={1} decay={2} gradScale={3}")
    @MethodSource("dev.myelin.testkit.OptimiserStepKit#rmspropCases")
    default void rmspropStepMatchesItsFormula(boolean centred, double momentum, double decay, boolean scaled) {
        double lr = 0.01;
        double alpha = 0.99;
        double eps = 1e-8;
        StepOperands op = stepOperands(scaled);
        int n = op.n();
        Tensor squareAvg = operand(1, n, uniform(n, 0.5, 1));
        Tensor gradAvg = centred ? operand(1, n, uniform(n, -0.1, 0.1)) : null;
        Tensor buffer = momentum > 0 ? operand(1, n, gaussian(n)) : null;
        double[] v = held(squareAvg);
        double[] a = centred ? held(gradAvg) : new double[n];
        double[] b = momentum > 0 ? held(buffer) : new double[n];
        checkOptimiser("rmspropStep", op,
                () -> backend().rmspropStep(new RmsPropSpec(alpha, eps, decay, momentum), lr, op.params(), op.grads(), squareAvg, gradAvg, buffer, op.gradScale()),
                (step, i) -> {
                    double gi = op.gradient(i, decay);
                    v[i] = alpha * v[i] + (1 - alpha) * gi * gi;
                    double d;
                    if (centred) {
                        a[i] = alpha * a[i] + (1 - alpha) * gi;
                        d = Math.sqrt(v[i] - a[i] * a[i]) + eps;
                    } else {
                        d = Math.sqrt(v[i]) + eps;
                    }
                    if (momentum > 0) {
                        b[i] = momentum * b[i] + gi / d;
                        op.w()[i] -= lr * b[i];
                    } else {
                        op.w()[i] -= lr * gi / d;
                    }
                }, new Tensor[] {squareAvg, gradAvg, buffer}, new double[][] {v, a, b});
    }

    /** Adam (with L2 decay), AdamW (decoupled decay) and NAdam, with and without decay and gradient scale. */
    static Stream<Arguments> adamCases() {
        return Stream.of(
                Arguments.of("Adam", false, 0.0, false), Arguments.of("Adam", false, 0.01, true),
                Arguments.of("AdamW", true, 0.01, false), Arguments.of("AdamW", true, 0.01, true),
                Arguments.of("NAdam", false, 0.0, false));
    }

    @ParameterizedTest(name = "{0} decoupled={1} decay={2} gradScale={3}")
    @MethodSource("dev.myelin.testkit.OptimiserStepKit#adamCases")
    default void adamStepMatchesItsFormula(String variant, boolean decoupled, double decay, boolean scaled) {
        double lr = 0.01;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        StepOperands op = stepOperands(scaled);
        Tensor m = operand(1, op.n());
        Tensor v = operand(1, op.n());
        double[] mr = new double[op.n()];
        double[] vr = new double[op.n()];
        boolean nadam = variant.equals("NAdam");
        double[][] coefficients = new double[3][];
        for (int t = 1; t <= 3; t++) {
            double cg = nadam ? 0.004 * t : 0;
            double cm = nadam ? 0.006 / t : lr / (1 - Math.pow(beta1, t));
            coefficients[t - 1] = new double[] {cg, cm, Math.sqrt(1 - Math.pow(beta2, t))};
        }
        int[] step = {0};
        checkOptimiser(variant + " adamStep", op,
                () -> {
                    double[] c = coefficients[step[0]++];
                    backend().adamStep(new AdamSpec(decoupled, beta1, beta2, eps, decay), lr, c[0], c[1], c[2], op.params(), op.grads(), m, v, op.gradScale());
                },
                (t, i) -> {
                    double[] c = coefficients[t];
                    double gi = op.gradient(i, decoupled ? 0 : decay);
                    if (decoupled) {
                        op.w()[i] *= 1 - lr * decay;
                    }
                    mr[i] = beta1 * mr[i] + (1 - beta1) * gi;
                    vr[i] = beta2 * vr[i] + (1 - beta2) * gi * gi;
                    double d = Math.sqrt(vr[i]) / c[2] + eps;
                    op.w()[i] -= (c[0] * gi + c[1] * mr[i]) / d;
                }, new Tensor[] {m, v}, new double[][] {mr, vr});
    }

    @Test
    default void everyOptimiserSkipsTheStepWhenTheGradientScaleIsNotFinite() {
        int n = 33;
        Tensor params = operand(1, n, gaussian(n));
        Tensor grads = operand(1, n, gaussian(n));
        Tensor s1 = operand(1, n, uniform(n, 0.1, 1));
        Tensor s2 = operand(1, n, uniform(n, 0.1, 1));
        Tensor s3 = operand(1, n, uniform(n, 0.1, 1));
        Tensor[] all = {params, s1, s2, s3};
        double[][] before = new double[all.length][];
        for (int i = 0; i < all.length; i++) {
            before[i] = held(all[i]);
        }
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            Tensor scale = operand(1, 1, new double[] {bad});
            backend().sgdStep(new SgdSpec(MomentumForm.NESTEROV, 0.9, 0.01), 0.1, params, grads, s1, scale);
            backend().adagradStep(new AdaGradSpec(1e-10, 0.01), 0.1, params, grads, s1, scale);
            backend().adadeltaStep(new AdaDeltaSpec(0.9, 1e-6, 0.01), 1.0, params, grads, s1, s2, scale);
            backend().rmspropStep(new RmsPropSpec(0.99, 1e-8, 0.01, 0.9), 0.01, params, grads, s1, s2, s3, scale);
            backend().adamStep(new AdamSpec(true, 0.9, 0.999, 1e-8, 0.01), 0.01, 0, 0.1, 0.05, params, grads, s1, s2, scale);
            for (int i = 0; i < all.length; i++) {
                assertThat(held(all[i])).as("buffer %d after steps with gradient scale %s", i, bad).containsExactly(before[i]);
            }
        }
    }
}
