package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.testkit.HeldValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layer operations of the CPU backend read and write views (slices of a larger buffer at an offset,
 * as a model's γ, β and α are) exactly as they do owning tensors, and touch nothing around the view.
 */
class LayerOpsOnViewsTest {
    private static final double SENTINEL = -12345.5;
    /** The sentinel of INT32 buffers (an arg-max). */
    private static final int INT32_SENTINEL = -12345;
    private static final int PAD = 3;

    /** Makes the tensors of one run: owning ones, or views padded with sentinels on both sides. */
    private static final class Tensors implements AutoCloseable {
        final Backend backend;
        final boolean views;
        final Map<String, Tensor> byName = new LinkedHashMap<>();
        final List<Tensor> owners = new ArrayList<>();

        Tensors(Backend backend, boolean views) {
            this.backend = backend;
            this.views = views;
        }

        Tensor make(String name, int rows, int cols, double[] values) {
            return make(name, rows, cols, values, false);
        }

        /** As {@link #make} for a zero-filled INT32 tensor. */
        Tensor makeInt32(String name, int rows, int cols) {
            return make(name, rows, cols, null, true);
        }

        private Tensor make(String name, int rows, int cols, double[] values, boolean int32) {
            Tensor t;
            if (views) {
                Tensor owner = int32 ? backend.allocateInt32(1, rows * cols + 2 * PAD) : backend.allocate(1, rows * cols + 2 * PAD);
                backend.fill(owner, int32 ? INT32_SENTINEL : SENTINEL);
                owners.add(owner);
                t = backend.view(owner, PAD, rows, cols);
            } else {
                t = int32 ? backend.allocateInt32(rows, cols) : backend.allocate(rows, cols);
                owners.add(t);
            }
            if (values != null) {
                backend.upload(values, 0, t);
            }
            byName.put(name, t);
            return t;
        }

        Map<String, double[]> contents() {
            Map<String, double[]> out = new LinkedHashMap<>();
            byName.forEach((name, t) -> out.put(name, held(t)));
            return out;
        }

        private double[] held(Tensor t) {
            return HeldValues.of(backend, t);
        }

        void assertSentinelsIntact() {
            for (Tensor owner : owners) {
                double[] h = held(owner);
                double sentinel = owner.dtype() == DType.INT32 ? INT32_SENTINEL : SENTINEL;
                for (int i = 0; i < PAD; i++) {
                    assertThat(h[i]).as("element before a view").isEqualTo(sentinel);
                    assertThat(h[h.length - 1 - i]).as("element after a view").isEqualTo(sentinel);
                }
            }
        }

        @Override
        public void close() {
            owners.forEach(Tensor::close);
        }
    }

    private static double[] random(long seed, int n) {
        return new SplittableRandom(seed).doubles(n, -2, 2).toArray();
    }

    private static void same(DType dtype, Consumer<Tensors> operations) {
        try (Backend backend = dtype == DType.FLOAT64 ? Backends.cpu64() : Backends.cpu32()) {
            Map<String, double[]> owning;
            try (Tensors t = new Tensors(backend, false)) {
                operations.accept(t);
                owning = t.contents();
            }
            try (Tensors t = new Tensors(backend, true)) {
                operations.accept(t);
                Map<String, double[]> viewed = t.contents();
                assertThat(viewed.keySet()).isEqualTo(owning.keySet());
                owning.forEach((name, values) -> assertThat(viewed.get(name)).as(name + " on " + dtype).isEqualTo(values));
                t.assertSentinelsIntact();
            }
        }
    }

    /** The layer operations of one run, each set writing every tensor it makes through {@link Tensors#make}. */
    enum LayerOps {
        BATCH_NORM(LayerOpsOnViewsTest::batchNorm),
        LAYER_NORM(LayerOpsOnViewsTest::layerNorm),
        PRELU_MAXOUT_DROPOUT_MULTIPLY_CLAMP_AND_CLIP_SCALE(LayerOpsOnViewsTest::preluMaxoutDropoutMultiplyClampAndClipScale);

        final Consumer<Tensors> operations;

        LayerOps(Consumer<Tensors> operations) {
            this.operations = operations;
        }
    }

    static Stream<Arguments> opsAndDTypes() {
        return Stream.of(LayerOps.values()).flatMap(ops -> DType.computeTypes().stream().map(dtype -> Arguments.of(ops, dtype)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("opsAndDTypes")
    void viewsGiveTheBitsOfOwningTensorsAndKeepTheirBorders(LayerOps ops, DType dtype) {
        same(dtype, ops.operations);
    }

    /** Batch norm on a [5, 4] batch: training forward, backward, then inference with the updated running estimates. */
    private static void batchNorm(Tensors t) {
        int n = 5;
        int d = 4;
        Tensor x = t.make("x", n, d, random(1, n * d));
        Tensor gamma = t.make("gamma", 1, d, random(2, d));
        Tensor beta = t.make("beta", 1, d, random(3, d));
        Tensor rm = t.make("runningMean", 1, d, random(4, d));
        Tensor rv = t.make("runningVar", 1, d, new double[] {1, 2, 3, 4});
        Tensor out = t.make("out", n, d, null);
        Tensor mean = t.make("mean", 1, d, null);
        Tensor inv = t.make("invStd", 1, d, null);
        t.backend.batchNormForwardTraining(new BatchNormSettings(1e-5, 0.1), x, gamma, beta, rm, rv, out, mean, inv);
        Tensor dy = t.make("dy", n, d, random(5, n * d));
        t.backend.batchNormBackward(x, dy, gamma, mean, inv, t.make("dx", n, d, null), t.make("dgamma", 1, d, null), t.make("dbeta", 1, d, null));
        t.backend.batchNormForwardInference(new BatchNormSettings(1e-5, 0.1), x, gamma, beta, rm, rv, t.make("outEval", n, d, null));
    }

    /** Layer norm on a [5, 4] batch, forward and backward. */
    private static void layerNorm(Tensors t) {
        int n = 5;
        int d = 4;
        Tensor x = t.make("x", n, d, random(1, n * d));
        Tensor gamma = t.make("gamma", 1, d, random(2, d));
        Tensor mean = t.make("mean", n, 1, null);
        Tensor inv = t.make("invStd", n, 1, null);
        t.backend.layerNormForward(x, gamma, t.make("beta", 1, d, random(3, d)), 1e-5, t.make("out", n, d, null), mean, inv);
        t.backend.layerNormBackward(x, t.make("dy", n, d, random(5, n * d)), gamma, mean, inv, t.make("dx", n, d, null),
                t.make("dgamma", 1, d, null), t.make("dbeta", 1, d, null));
    }

    /** PReLU, maxout (k = 3), a dropout mask and its product, clamp and the clipping scale on a [5, 6] batch. */
    private static void preluMaxoutDropoutMultiplyClampAndClipScale(Tensors t) {
        int n = 5;
        int d = 6;
        Tensor z = t.make("z", n, d, random(1, n * d));
        Tensor alpha = t.make("alpha", 1, d, random(2, d));
        t.backend.preluForward(z, alpha, t.make("prelu", n, d, null));
        t.backend.preluBackward(z, alpha, t.make("dy", n, d, random(3, n * d)), t.make("dz", n, d, null), t.make("dalpha", 1, d, null));
        Tensor argmax = t.makeInt32("argmax", n, 2);
        t.backend.maxoutForward(z, 3, t.make("maxout", n, 2, null), argmax);
        t.backend.maxoutBackward(t.make("dmax", n, 2, random(4, n * 2)), argmax, 3, t.make("dzmax", n, d, null));
        Tensor mask = t.make("mask", n, d, null);
        t.backend.dropoutMask(9, 4, 2, 0.3, mask);
        t.backend.multiply(z, mask, t.make("product", n, d, null));
        Tensor c = t.make("clamped", n, d, random(5, n * d));
        t.backend.clamp(c, -0.5, 1);
        Tensor ss = t.make("sumSquares", 1, 1, new double[] {16});
        t.backend.clipScale(ss, 2, t.make("scale", 1, 1, null));
    }
}
