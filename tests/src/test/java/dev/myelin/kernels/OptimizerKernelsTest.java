package dev.myelin.kernels;

import static dev.myelin.cuda.LaunchGeometry.elementGrid;
import static dev.myelin.kernels.KernelHarness.assertClose;
import static dev.myelin.kernels.KernelHarness.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.SgdSpec;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.sim.SimulatedDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/**
 * {@code optimizers.cu} against the float64 CPU backend: every optimiser family and variant
 * (SGD in its four forms, AdaGrad, AdaDelta, RMSprop plain/centred/momentum, Adam, AdamW, NAdam),
 * with and without weight decay, without a gradient scale (null pointer) and with one read from
 * device memory, over three steps from zero state, comparing parameters and every state buffer
 * after each step. The kernels compute in float: 1e-5 relative + an absolute floor of 1e-6 times
 * the largest magnitude in the buffer (at least 1e-6), since an element can be the small
 * difference of buffer-sized terms (RMSprop's momentum buffer: μ·b + g/d with g/d ≈ 10). A NaN or
 * infinite scale must leave every buffer bit for bit as it was.
 */
@SimulatedDevice
class OptimizerKernelsTest extends KernelTestCase {

    private static final int N = 1003;
    private static final int STEPS = 3;
    private static final double REL = 1e-5;
    private static final double ABS = 1e-6;

    /** One optimiser variant: its name and state count, the CPU step and the kernel launch. */
    private abstract static class Variant {
        final String name;
        /** State buffers (present or not) the step takes. */
        final int states;

        Variant(String name, int states) {
            this.name = name;
            this.states = states;
        }

        /** Null entries of {@code state} stand for absent buffers. */
        abstract void cpuStep(int t, Tensor w, Tensor g, Tensor[] state, Tensor scale);

        abstract void kernelStep(int t, CUdeviceptr w, CUdeviceptr g, CUdeviceptr[] state, CUdeviceptr scale);

        /** Which state buffers exist. */
        boolean present(int i) {
            return true;
        }
    }

    private Variant sgd(MomentumForm form, double decay) {
        return new Variant("SGD " + form + " decay=" + decay, 1) {
            public boolean present(int i) {
                return form != MomentumForm.NONE;
            }

            public void cpuStep(int t, Tensor w, Tensor g, Tensor[] s, Tensor scale) {
                h.cpu.sgdStep(new SgdSpec(form, 0.9, decay), 0.1, w, g, s[0], scale);
            }

            public void kernelStep(int t, CUdeviceptr w, CUdeviceptr g, CUdeviceptr[] s, CUdeviceptr scale) {
                h.launch1d(h.function("myelin_sgd_step"), elementGrid(N), form.ordinal(), 0.1f, 0.9f, (float) decay, w, g, s[0],
                        scale, N);
            }
        };
    }

    private Variant adagrad(double decay) {
        return new Variant("AdaGrad decay=" + decay, 1) {
            public void cpuStep(int t, Tensor w, Tensor g, Tensor[] s, Tensor scale) {
                h.cpu.adagradStep(new AdaGradSpec(1e-10, decay), 0.1, w, g, s[0], scale);
            }

            public void kernelStep(int t, CUdeviceptr w, CUdeviceptr g, CUdeviceptr[] s, CUdeviceptr scale) {
                h.launch1d(h.function("myelin_adagrad_step"), elementGrid(N), 0.1f, 1e-10f, (float) decay, w, g, s[0], scale, N);
            }
        };
    }

    private Variant adadelta(double decay) {
        return new Variant("AdaDelta decay=" + decay, 2) {
            public void cpuStep(int t, Tensor w, Tensor g, Tensor[] s, Tensor scale) {
                h.cpu.adadeltaStep(new AdaDeltaSpec(0.9, 1e-6, decay), 1.0, w, g, s[0], s[1], scale);
            }

            public void kernelStep(int t, CUdeviceptr w, CUdeviceptr g, CUdeviceptr[] s, CUdeviceptr scale) {
                h.launch1d(h.function("myelin_adadelta_step"), elementGrid(N), 1.0f, 0.9f, 1e-6f, (float) decay, w, g, s[0], s[1],
                        scale, N);
            }
        };
    }

    private Variant rmsprop(double decay, boolean centred, double momentum) {
        return new Variant("RMSprop decay=" + decay + " centred=" + centred + " momentum=" + momentum, 3) {
            public boolean present(int i) {
                return i == 0 || (i == 1 && centred) || (i == 2 && momentum > 0);
            }

            public void cpuStep(int t, Tensor w, Tensor g, Tensor[] s, Tensor scale) {
                h.cpu.rmspropStep(new RmsPropSpec(0.99, 1e-8, decay, momentum), 0.01, w, g, s[0], s[1], s[2], scale);
            }

            public void kernelStep(int t, CUdeviceptr w, CUdeviceptr g, CUdeviceptr[] s, CUdeviceptr scale) {
                h.launch1d(h.function("myelin_rmsprop_step"), elementGrid(N), 0.01f, 0.99f, 1e-8f, (float) decay, (float) momentum,
                        w, g, s[0], s[1], s[2], scale, N);
            }
        };
    }

    /** Adam/AdamW (nadam false) or NAdam with its μ schedule (ψ = 0.004), the host scalars of Backend#adamStep. */
    private Variant adam(boolean decoupled, boolean nadam) {
        double lr = 1e-3;
        double b1 = 0.9;
        double b2 = 0.999;
        return new Variant((nadam ? "NAdam" : decoupled ? "AdamW" : "Adam") + " decoupled=" + decoupled, 2) {
            private double mu(int t) {
                return b1 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
            }

            private double[] scalars(int t) {
                double c2 = Math.sqrt(1 - Math.pow(b2, t));
                if (!nadam) {
                    return new double[] {0, lr / (1 - Math.pow(b1, t)), c2};
                }
                double product = 1;
                for (int i = 1; i <= t; i++) {
                    product *= mu(i);
                }
                return new double[] {lr * (1 - mu(t)) / (1 - product), lr * mu(t + 1) / (1 - product * mu(t + 1)), c2};
            }

            public void cpuStep(int t, Tensor w, Tensor g, Tensor[] s, Tensor scale) {
                double[] c = scalars(t);
                h.cpu.adamStep(new AdamSpec(decoupled, b1, b2, 1e-8, 0.01), lr, c[0], c[1], c[2], w, g, s[0], s[1], scale);
            }

            public void kernelStep(int t, CUdeviceptr w, CUdeviceptr g, CUdeviceptr[] s, CUdeviceptr scale) {
                double[] c = scalars(t);
                h.launch1d(h.function("myelin_adam_step"), elementGrid(N), decoupled ? 1 : 0, (float) lr, 0.01f, (float) b1,
                        (float) b2, 1e-8f, (float) c[0], (float) c[1], (float) c[2], w, g, s[0], s[1], scale, N);
            }
        };
    }

    private List<Variant> variants() {
        List<Variant> all = new ArrayList<>();
        for (double decay : new double[] {0, 0.01}) {
            for (MomentumForm form : MomentumForm.values()) {
                all.add(sgd(form, decay));
            }
            all.add(adagrad(decay));
            all.add(adadelta(decay));
            for (boolean centred : new boolean[] {false, true}) {
                for (double momentum : new double[] {0, 0.9}) {
                    all.add(rmsprop(decay, centred, momentum));
                }
            }
        }
        all.add(adam(false, false));
        all.add(adam(true, false));
        all.add(adam(false, true));
        return all;
    }

    private void forEachVariant(Consumer<Variant> test) {
        for (Variant v : variants()) {
            test.accept(v);
        }
    }

    @Test
    void everyOptimiserMatchesFloat64OverThreeStepsWithAndWithoutAGradientScale() {
        Random random = new Random(61);
        forEachVariant(v -> {
            for (Float s : new Float[] {null, 0.5f}) {
                String what = v.name + " scale=" + s;
                float[] w0 = random(random, N, -1, 1);
                Tensor w = h.tensor(w0, 1, N);
                CUdeviceptr dw = h.upload(w0);
                Tensor[] state = new Tensor[v.states];
                CUdeviceptr[] dstate = new CUdeviceptr[v.states];
                for (int i = 0; i < v.states; i++) {
                    if (v.present(i)) {
                        state[i] = h.cpu.allocate(1, N);
                        dstate[i] = h.upload(new float[N]);
                    }
                }
                Tensor scale = s == null ? null : h.tensor(new float[] {s}, 1, 1);
                CUdeviceptr dscale = s == null ? null : h.upload(new float[] {s});
                for (int t = 1; t <= STEPS; t++) {
                    float[] g = random(random, N, -1, 1);
                    v.cpuStep(t, w, h.tensor(g, 1, N), state, scale);
                    v.kernelStep(t, dw, h.upload(g), dstate, dscale);
                    double[] ew = h.values(w);
                    assertClose(what + " step " + t + " params", h.download(dw, N), ew, REL, floor(ew));
                    for (int i = 0; i < v.states; i++) {
                        if (v.present(i)) {
                            double[] es = h.values(state[i]);
                            assertClose(what + " step " + t + " state " + i, h.download(dstate[i], N), es, REL, floor(es));
                        }
                    }
                }
            }
        });
    }

    private static double floor(double[] expected) {
        double max = 1;
        for (double e : expected) {
            max = Math.max(max, Math.abs(e));
        }
        return ABS * max;
    }

    @Test
    void aNaNOrInfiniteGradientScaleSkipsTheStepLeavingEveryBufferBitForBit() {
        Random random = new Random(62);
        forEachVariant(v -> {
            for (float s : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                float[] w0 = random(random, N, -1, 1);
                CUdeviceptr dw = h.upload(w0);
                CUdeviceptr[] dstate = new CUdeviceptr[v.states];
                float[][] s0 = new float[v.states][];
                for (int i = 0; i < v.states; i++) {
                    if (v.present(i)) {
                        s0[i] = random(random, N, 0.1, 1);
                        dstate[i] = h.upload(s0[i]);
                    }
                }
                v.kernelStep(1, dw, h.upload(random(random, N, -1, 1)), dstate, h.upload(new float[] {s}));
                assertThat(h.download(dw, N)).as(v.name + " params, scale " + s).isEqualTo(w0);
                for (int i = 0; i < v.states; i++) {
                    if (v.present(i)) {
                        assertThat(h.download(dstate[i], N)).as(v.name + " state " + i + ", scale " + s).isEqualTo(s0[i]);
                    }
                }
            }
        });
    }

    /**
     * Centred RMSprop: v − a² is a variance, never negative in exact arithmetic, but rounding makes
     * it slightly negative once the gradient is nearly constant (v ≈ g², a ≈ g), and √ of it would
     * make the weight NaN for good. The clamp at zero means d = ε there. Exact case: α = 0.5,
     * v = 0, a = 1, g = 1 give v' = 0.5, a' = 1, v' − a'² = −0.5, so d = ε = 0.01 and
     * w' = 0 − 1e-3·1/0.01 = −0.1 on every backend.
     */
    @Test
    void centredRmspropClampsANegativeVarianceAtZeroOnEveryBackend() {
        try (CpuBackend cpu32 = new CpuBackend(DType.FLOAT32, BackendOptions.defaults())) {
            for (CpuBackend cpu : new CpuBackend[] {h.cpu, cpu32}) {
                Tensor w = cpu.allocate(1, 1);
                Tensor avg = cpu.allocate(1, 1);
                cpu.upload(new double[] {1}, 0, avg);
                Tensor g = cpu.allocate(1, 1);
                cpu.upload(new double[] {1}, 0, g);
                cpu.rmspropStep(new RmsPropSpec(0.5, 0.01, 0, 0), 1e-3, w, g, cpu.allocate(1, 1), avg, null, null);
                double[] out = new double[1];
                cpu.download(w, out, 0);
                assertThat(out[0]).as("CPU " + cpu.dtype() + " weight").isCloseTo(-0.1, within(1e-7));
            }
        }
        CUdeviceptr dw = h.upload(new float[1]);
        h.launch1d(h.function("myelin_rmsprop_step"), 1, 1e-3f, 0.5f, 0.01f, 0f, 0f, dw, h.upload(new float[] {1}),
                h.upload(new float[1]), h.upload(new float[] {1}), null, null, 1);
        assertThat(h.download(dw, 1)[0]).as("kernel weight").isCloseTo(-0.1f, within(1e-7f));
    }

    /**
     * The replay that found the defect: α = 0.99 and a constant gradient near 1e-6 per element, from
     * zero state. In float32, v − a² first goes negative near step 1,100; in float64 near step 3,100
     * (a 1,000-element run, seed 1); every weight must stay finite.
     */
    @Test
    void centredRmspropStaysFiniteUnderANearlyConstantGradient() {
        int n = 1000;
        Random random = new Random(1);
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (1e-6 * (1 + 0.1 * random.nextDouble()));
        }
        try (CpuBackend cpu32 = new CpuBackend(DType.FLOAT32, BackendOptions.defaults())) {
            for (CpuBackend cpu : new CpuBackend[] {h.cpu, cpu32}) {
                int steps = cpu.dtype() == DType.FLOAT64 ? 3500 : 1500;
                Tensor w = cpu.allocate(1, n);
                Tensor grad = cpu.allocate(1, n);
                cpu.upload(KernelHarness.toDouble(g), 0, grad);
                Tensor sq = cpu.allocate(1, n);
                Tensor avg = cpu.allocate(1, n);
                for (int t = 0; t < steps; t++) {
                    cpu.rmspropStep(new RmsPropSpec(0.99, 1e-8, 0, 0), 1e-3, w, grad, sq, avg, null, null);
                }
                double[] out = new double[n];
                cpu.download(w, out, 0);
                assertThat(Arrays.stream(out).filter(x -> !Double.isFinite(x)).count())
                        .as("non-finite CPU " + cpu.dtype() + " weights after " + steps + " steps").isZero();
            }
        }
        CUdeviceptr dw = h.upload(new float[n]);
        CUdeviceptr dg = h.upload(g);
        CUdeviceptr sq = h.upload(new float[n]);
        CUdeviceptr avg = h.upload(new float[n]);
        for (int t = 0; t < 1500; t++) {
            h.launch1d(h.function("myelin_rmsprop_step"), elementGrid(n), 1e-3f, 0.99f, 1e-8f, 0f, 0f, dw, dg, sq, avg, null,
                    null, n);
        }
        assertThat(Arrays.stream(KernelHarness.toDouble(h.download(dw, n))).filter(x -> !Double.isFinite(x)).count())
                .as("non-finite kernel weights after 1500 steps").isZero();
    }
}
