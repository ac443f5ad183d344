package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.nn.Dropout;
import dev.myelin.nn.DropoutSpec;
import dev.myelin.nn.Layer;
import dev.myelin.nn.Mode;
import dev.myelin.nn.Residual;
import dev.myelin.optim.Sgd;
import dev.myelin.random.DropoutStream;
import dev.myelin.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Inverted dropout: masks from (seed, step, layer index), bit-identical training for the same seed on
 * CPU float64, a kept fraction of 1 − p, the identity at inference, and p outside [0, 1) rejected.
 */
class DropoutTest {
    @RegisterExtension
    static final OracleBackend f64 = new OracleBackend();

    private static double[] mask(Backend backend, long seed, long step, int layer, double p, int rows, int cols) {
        try (Tensor m = backend.allocate(rows, cols)) {
            backend.dropoutMask(seed, step, layer, p, m);
            return Backends.download(backend, m);
        }
    }

    private static double[] trainWithDropout(long seed, double p) {
        Dataset moons = Synthetic.twoMoons(120, 0.15, 3);
        ModelSpec spec = ModelSpec.builder(2)
                .dense(16, Activation.relu()).dropout(p)
                .residual(f -> f.dense(16, Activation.tanh()).dropout(p))
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        try (Model model = Model.create(spec, f64.get(), 1)) {
            Trainer.builder().epochs(3).batchSize(16).seed(seed).optimizer(Sgd.momentum(0.05, 0.9)).build().fit(model, moons);
            return model.parametersToHost();
        }
    }

    @Test
    void sameSeedGivesBitIdenticalTrainingOnFloat64() {
        double[] first = trainWithDropout(21, 0.3);
        double[] second = trainWithDropout(21, 0.3);
        assertThat(second).isEqualTo(first);
        for (int i = 0; i < first.length; i++) {
            assertThat(Double.doubleToRawLongBits(second[i])).isEqualTo(Double.doubleToRawLongBits(first[i]));
        }
        // dropout did something: without it (same seed, same batches) the weights differ
        assertThat(trainWithDropout(21, 0.0)).isNotEqualTo(first);
    }

    @Test
    void sameKeyGivesTheSameMaskAndAnyOtherStepOrLayerAnother() {
        double[] m = mask(f64.get(), 99, 5, 2, 0.5, 16, 32);
        assertThat(mask(f64.get(), 99, 5, 2, 0.5, 16, 32)).isEqualTo(m);
        assertThat(mask(f64.get(), 99, 6, 2, 0.5, 16, 32)).isNotEqualTo(m);
        assertThat(mask(f64.get(), 99, 5, 3, 0.5, 16, 32)).isNotEqualTo(m);
        assertThat(mask(f64.get(), 100, 5, 2, 0.5, 16, 32)).isNotEqualTo(m);
        // steps beyond 2^32 use the counter's high word
        assertThat(mask(f64.get(), 99, 5 + (1L << 32), 2, 0.5, 16, 32)).isNotEqualTo(m);
    }

    @Test
    void maskFollowsTheDropoutStreamDefinitionElementByElement() {
        long seed = 0x1234_5678_9ABCL;
        double p = 0.37;
        double[] m = mask(f64.get(), seed, 12, 4, p, 7, 9);
        for (int e = 0; e < m.length; e++) {
            double u = DropoutStream.uniform(seed, 12, 4, e);
            assertThat(m[e]).as("element %d (u = %s)", e, u).isEqualTo(u >= p ? 1 / (1 - p) : 0.0);
        }
        // float32 draws the same mask, scale rounded to float
        try (Backend f32 = Backends.cpu32()) {
            double[] m32 = mask(f32, seed, 12, 4, p, 7, 9);
            for (int e = 0; e < m.length; e++) {
                assertThat(m32[e]).isEqualTo(m[e] == 0 ? 0.0 : (double) (float) (1 / (1 - p)));
            }
        }
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(doubles = {0.1, 0.5, 0.8})
    void keptFractionIsOneMinusPWithinFourStandardErrors(double p) {
        int rows = 200;
        int cols = 500;
        double[] m = mask(f64.get(), 7, 3, 1, p, rows, cols);
        long kept = 0;
        for (double v : m) {
            if (v != 0) {
                kept++;
                assertThat(v).isEqualTo(1 / (1 - p));
            }
        }
        int n = rows * cols;
        double standardError = Math.sqrt(p * (1 - p) / n);
        assertThat((double) kept / n).isCloseTo(1 - p, org.assertj.core.api.Assertions.within(4 * standardError));
    }

    @Test
    void zeroRateKeepsEverythingUnscaled() {
        assertThat(mask(f64.get(), 1, 1, 1, 0.0, 10, 10)).containsOnly(1.0);
    }

    @Test
    void trainingMultipliesForwardAndBackwardByTheSameMaskAndInferenceIsTheIdentity() {
        int rows = 8;
        int cols = 10;
        double p = 0.4;
        double[] x = RandomBatch.inputs(rows, cols, 5);
        double[] dy = RandomBatch.inputs(rows, cols, 6);
        try (Layer dropout = new DropoutSpec(p).build(f64.get(), cols, 6); Tensor in = Backends.upload(f64.get(), x, rows, cols); Tensor g = Backends.upload(f64.get(), dy, rows, cols)) {
            double[] expectedMask = mask(f64.get(), 77, 9, 6, p, rows, cols);
            double[] out = Backends.download(f64.get(), dropout.forward(in, Mode.training(77, 9)));
            double[] dx = Backends.download(f64.get(), dropout.backward(g, true));
            for (int e = 0; e < x.length; e++) {
                assertThat(out[e]).isEqualTo(x[e] * expectedMask[e]);
                assertThat(dx[e]).isEqualTo(dy[e] * expectedMask[e]);
            }
            assertThat(Backends.download(f64.get(), dropout.forward(in, Mode.training(77, 10)))).as("next step, fresh mask").isNotEqualTo(out);
            assertThat(Backends.download(f64.get(), dropout.forward(in, Mode.inference()))).isEqualTo(x);
            assertThat(Backends.download(f64.get(), dropout.backward(g, true))).isEqualTo(dy);
        }
    }

    @Test
    void layersAreNumberedDepthFirstSoEveryDropoutHasItsOwnStream() {
        ModelSpec spec = ModelSpec.builder(4)
                .dropout(0.5)                                                        // 0
                .residual(f -> f.dropout(0.5).dense(4, Activation.identity()))        // 1: block, 2: dropout, 3: dense
                .dropout(0.5)                                                        // 4
                .output(2, Loss.meanSquaredError())                                  // 5
                .build();
        try (Model model = Model.create(spec, f64.get(), 0)) {
            assertThat(((Dropout) model.layers().get(0)).index()).isZero();
            assertThat(((Dropout) ((Residual) model.layers().get(1)).layers().get(0)).index()).isEqualTo(2);
            assertThat(((Dropout) model.layers().get(2)).index()).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(doubles = {1.0, -0.1, 1.5, Double.NaN})
    void rateOutsideZeroToOneIsRejectedNamingTheSettingAndRange(double p) {
        assertThatThrownBy(() -> ModelSpec.builder(3).dropout(p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout rate p").hasMessageContaining("[0, 1)").hasMessageContaining(String.valueOf(p));
        try (Tensor m = f64.get().allocate(2, 2)) {
            assertThatThrownBy(() -> f64.get().dropoutMask(0, 0, 0, p, m))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1)");
        }
    }
}
