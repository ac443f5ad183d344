package dev.myelin.golden;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Sgd;
import dev.myelin.optim.Updater;
import dev.myelin.testkit.GoldenFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The SGD family step by step against PyTorch ({@code torch.optim.SGD}), ten steps of fixed gradients,
 * float64 to 1e-12 relative and float32 to 1e-5; the EMA momentum form, which PyTorch lacks, against
 * its formula written out here.
 */
class SgdGoldenTest {
    private static final double F64_TOLERANCE = 1e-12;
    private static final double F32_TOLERANCE = 1e-5;

    enum Case {
        PLAIN("sgd_plain.txt", Sgd.plain(0.1)),
        MOMENTUM("sgd_momentum.txt", Sgd.momentum(0.05, 0.9)),
        NESTEROV("sgd_nesterov.txt", Sgd.nesterov(0.05, 0.9)),
        MOMENTUM_DECAY("sgd_momentum_decay.txt", Sgd.momentum(0.05, 0.8).withWeightDecay(0.01));

        final String file;
        final Optimizer optimizer;

        Case(String file, Optimizer optimizer) {
            this.file = file;
            this.optimizer = optimizer;
        }
    }

    private static Backend open(DType dtype) {
        return new CpuBackendProvider().open(dtype, new BackendOptions(1));
    }

    /** Replays the file's gradients and returns the parameters after each step. */
    private static double[][] replay(Backend backend, Optimizer optimizer, double[] w0, double[][] grads) {
        int n = w0.length;
        double[][] trajectory = new double[grads.length][n];
        try (Tensor w = backend.allocate(1, n); Tensor g = backend.allocate(1, n); Updater updater = optimizer.start(backend, n)) {
            backend.upload(w0, 0, w);
            for (int t = 0; t < grads.length; t++) {
                backend.upload(grads[t], 0, g);
                updater.step(w, g, optimizer.learningRate(), null);
                backend.download(w, trajectory[t], 0);
            }
        }
        return trajectory;
    }

    private static double[][] grads(GoldenFile golden) {
        double[][] g = new double[golden.integer("steps")][];
        for (int t = 0; t < g.length; t++) {
            g[t] = golden.get("grad" + t);
        }
        return g;
    }

    private static void assertClose(double[] actual, double[] expected, double relative, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s element %d", what, i).isCloseTo(expected[i], within(relative * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void matchesPyTorchForTenStepsInFloat64AndFloat32(Case c) {
        GoldenFile golden = GoldenFile.load(c.file);
        for (DType dtype : DType.computeTypes()) {
            try (Backend backend = open(dtype)) {
                double[][] trajectory = replay(backend, c.optimizer, golden.get("w0"), grads(golden));
                double tolerance = dtype == DType.FLOAT64 ? F64_TOLERANCE : F32_TOLERANCE;
                for (int t = 0; t < trajectory.length; t++) {
                    assertClose(trajectory[t], golden.get("w" + (t + 1)), tolerance, c + " " + dtype + " after step " + (t + 1));
                }
            }
        }
    }

    @Test
    void emaMomentumFollowsTheSpecFormula() {
        GoldenFile golden = GoldenFile.load("sgd_momentum.txt"); // only its w0 and gradients are used
        double eta = 0.05;
        double beta = 0.9;
        double[] w = golden.get("w0").clone();
        double[] v = new double[w.length];
        double[][] grads = grads(golden);
        double[][] expected = new double[grads.length][];
        for (int t = 0; t < grads.length; t++) {
            for (int i = 0; i < w.length; i++) {
                v[i] = beta * v[i] + (1 - beta) * grads[t][i]; // v = βv + (1−β)g
                w[i] -= eta * v[i];                             // w −= ηv
            }
            expected[t] = w.clone();
        }
        try (Backend backend = open(DType.FLOAT64)) {
            double[][] trajectory = replay(backend, Sgd.emaMomentum(eta, beta), golden.get("w0"), grads);
            for (int t = 0; t < grads.length; t++) {
                assertClose(trajectory[t], expected[t], F64_TOLERANCE, "EMA after step " + (t + 1));
            }
        }
    }
}
