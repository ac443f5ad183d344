package dev.myelin.cpu;

import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The CPU backend's fused adaptive steps: closed-form first steps, float32 as the formula in float
 * arithmetic, views at offsets, and shape errors naming the operation and the shapes. The
 * trajectories are checked against PyTorch in the tests module.
 */
class AdaptiveStepTest {
    private static final double[] W = {0.5, -1.25, 2.0, 0.0, -0.75};
    private static final double[] G = {0.25, 0.5, -1.5, 2.0, -0.125};

    private static CpuBackend open(DType dtype) {
        return new CpuBackend(dtype, new BackendOptions(1));
    }

    private static Tensor tensor(CpuBackend b, double[] values) {
        Tensor t = b.allocate(1, values.length);
        b.upload(values, 0, t);
        return t;
    }

    private static double[] host(CpuBackend b, Tensor t) {
        double[] out = new double[t.size()];
        b.download(t, out, 0);
        return out;
    }

    @Test
    void firstAdamStepMovesEachWeightByTheLearningRateTimesTheSignOfItsGradient() {
        // t = 1: m = (1−β1)g, v = (1−β2)g², cm = η/(1−β1), c2 = √(1−β2) ⇒ w −= η·g/(|g| + ε)
        double lr = 0.01;
        double eps = 1e-8;
        try (CpuBackend b = open(DType.FLOAT64); Tensor w = tensor(b, W); Tensor g = tensor(b, G); Tensor m = b.allocate(1, 5);
             Tensor v = b.allocate(1, 5)) {
            b.adamStep(new AdamSpec(false, 0.9, 0.999, eps, 0), lr, 0, lr / (1 - 0.9), Math.sqrt(1 - 0.999), w, g, m, v, null);
            double[] after = host(b, w);
            for (int i = 0; i < W.length; i++) {
                assertThat(after[i]).isCloseTo(W[i] - lr * G[i] / (Math.abs(G[i]) + eps), within(1e-15));
            }
        }
    }

    @Test
    void firstAdaGradStepFollowsTheFormulaInEachPrecision() {
        double lr = 0.1;
        double eps = 1e-10;
        double decay = 0.25;
        for (DType dtype : DType.computeTypes()) {
            try (CpuBackend b = open(dtype); Tensor w = tensor(b, W); Tensor g = tensor(b, G); Tensor sum = b.allocate(1, 5)) {
                b.adagradStep(new AdaGradSpec(eps, decay), lr, w, g, sum, null);
                double[] after = host(b, w);
                double[] sums = host(b, sum);
                for (int i = 0; i < W.length; i++) {
                    double gi = G[i] + decay * W[i];
                    double expected = W[i] - lr * gi / (Math.sqrt(gi * gi) + eps);
                    if (dtype == DType.FLOAT64) {
                        assertThat(after[i]).isEqualTo(expected);
                        assertThat(sums[i]).isEqualTo(gi * gi);
                    } else { // the same formula in float arithmetic
                        float gf = (float) G[i] + (float) decay * (float) W[i];
                        float sf = 0f + gf * gf;
                        assertThat(after[i]).isEqualTo((double) ((float) W[i] - (float) lr * gf / ((float) Math.sqrt(sf) + (float) eps)));
                        assertThat(sums[i]).isEqualTo((double) sf);
                        assertThat(after[i]).isCloseTo(expected, within(1e-6));
                    }
                }
            }
        }
    }

    @Test
    void stepsOnViewsAtOffsetsEqualStepsOnOwningTensors() {
        try (CpuBackend b = open(DType.FLOAT64); Tensor big = b.allocate(4, 5); Tensor w = tensor(b, W); Tensor g = tensor(b, G);
             Tensor state = b.allocate(3, 5)) {
            b.upload(W, 0, b.view(big, 5, 1, 5));
            b.upload(G, 0, b.view(big, 15, 1, 5));
            Tensor wView = b.view(big, 5, 1, 5);
            Tensor gView = b.view(big, 15, 1, 5);
            Tensor sqView = b.view(big, 10, 1, 5); // zero
            Tensor avgView = b.view(big, 0, 1, 5); // zero
            for (int step = 0; step < 3; step++) {
                b.rmspropStep(new RmsPropSpec(0.9, 1e-8, 0.1, 0), 0.01, wView, gView, sqView, avgView, null, null);
                b.rmspropStep(new RmsPropSpec(0.9, 1e-8, 0.1, 0), 0.01, w, g, b.view(state, 0, 1, 5), b.view(state, 5, 1, 5), null, null);
            }
            assertThat(host(b, wView)).containsExactly(host(b, w));
            assertThat(host(b, gView)).containsExactly(G);
        }
    }

    @Test
    void shapeErrorsNameTheOperationAndTheShapes() {
        try (CpuBackend b = open(DType.FLOAT64); Tensor w = b.allocate(1, 5); Tensor g = b.allocate(1, 5); Tensor small = b.allocate(1, 4);
             Tensor other = b.allocate(5, 1)) {
            assertThatThrownBy(() -> b.adamStep(new AdamSpec(false, 0.9, 0.999, 1e-8, 0), 0.1, 0, 1, 1, w, g, small, other, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("adamStep: m must have as many elements as params, got params [1, 5] and m [1, 4]");
            assertThatThrownBy(() -> b.adagradStep(new AdaGradSpec(1e-10, 0), 0.1, w, small, other, null))
                    .hasMessage("adagradStep: grads must have as many elements as params, got params [1, 5] and grads [1, 4]");
            assertThatThrownBy(() -> b.adadeltaStep(new AdaDeltaSpec(0.9, 1e-6, 0), 1, w, g, other, null, null)).hasMessage("adadeltaStep: deltaAvg is null");
            assertThatThrownBy(() -> b.rmspropStep(new RmsPropSpec(0.99, 1e-8, 0, 0.9), 0.1, w, g, other, null, null, null))
                    .hasMessage("rmspropStep: momentum 0.9 needs a momentumBuffer");
            assertThatThrownBy(() -> b.rmspropStep(new RmsPropSpec(0.99, 1e-8, 0, 0), 0.1, w, g, other, small, null, null))
                    .hasMessageContaining("rmspropStep: gradAvg must have as many elements as params");
            try (Tensor empty = b.allocate(0, 0)) {
                assertThatThrownBy(() -> b.adagradStep(new AdaGradSpec(1e-10, 0), 0.1, w, g, other, empty)).hasMessageContaining("adagradStep: gradScale needs at least one element");
            }
        }
    }

    @Test
    void aNonFiniteScaleLeavesEverythingUntouchedAndZeroScaleIsAStepWithZeroGradient() {
        try (CpuBackend b = open(DType.FLOAT32); Tensor w = tensor(b, W); Tensor g = tensor(b, G); Tensor m = b.allocate(1, 5);
             Tensor v = b.allocate(1, 5); Tensor s = b.allocate(1, 1)) {
            b.fill(s, Double.NaN);
            b.adamStep(new AdamSpec(true, 0.9, 0.999, 1e-8, 0.5), 0.1, 0, 1, 1, w, g, m, v, s);
            assertThat(host(b, w)).containsExactly(W);
            assertThat(host(b, m)).containsOnly(0.0);
            b.fill(s, 0);
            b.adamStep(new AdamSpec(true, 0.9, 0.999, 1e-8, 0.5), 0.1, 0, 1, 1, w, g, m, v, s); // only the decoupled decay acts
            double[] after = host(b, w);
            for (int i = 0; i < W.length; i++) {
                assertThat(after[i]).isEqualTo((double) ((float) W[i] * (1f - 0.1f * 0.5f)));
            }
        }
    }
}
