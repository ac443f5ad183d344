package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.model.ParameterSlot;
import dev.myelin.nn.Activation;
import dev.myelin.nn.Initializer;
import dev.myelin.nn.Mode;
import dev.myelin.nn.NamedTensor;
import dev.myelin.optim.Sgd;
import dev.myelin.regularization.Regularization;
import dev.myelin.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * How the issue-3 layers sit in a model: batch norm's running estimates as state outside the flat
 * buffers, the residual block's parameters inside them, no allocation in the steady state, training
 * that works, and the clipping operations' numbers.
 */
class LayerBehaviourTest {
    @RegisterExtension
    static final OracleBackend f64 = new OracleBackend();

    private static double[] state(Model model, String name) {
        return Backends.download(model.backend(), model.stateTensors().stream().filter(t -> t.name().equals(name)).map(NamedTensor::tensor).findFirst()
                .orElseThrow(() -> new AssertionError("no state tensor " + name + " in " + model.stateTensors())));
    }

    @Test
    void batchNormInTrainingRejectsABatchOfOneSampleWithAClearMessage() {
        ModelSpec spec = ModelSpec.builder(3).batchNorm().output(2, Loss.meanSquaredError()).build();
        try (Model model = Model.create(spec, f64.get(), 1); Tensor x = f64.get().allocate(1, 3)) {
            assertThatThrownBy(() -> model.forward(x, Mode.training(0, 0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("batch norm").hasMessageContaining("at least 2 samples per batch").hasMessageContaining("batch of 1");
            assertThat(model.forward(x, Mode.inference()).rows()).isEqualTo(1);
        }
    }

    @Test
    void batchNormRunningEstimatesAreNamedStateOutsideTheFlatBuffers() {
        ModelSpec spec = ModelSpec.builder(2)
                .dense(4, Activation.identity()).batchNorm(0.5, 1e-5).activation(Activation.relu())
                .residual(f -> f.batchNorm().dense(4, Activation.identity()))
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        Dataset moons = Synthetic.twoMoons(64, 0.1, 2);
        try (Model model = Model.create(spec, f64.get(), 4)) {
            assertThat(model.stateTensors()).extracting(NamedTensor::name)
                    .containsExactly("layer1.runningMean", "layer1.runningVar", "layer3.0.runningMean", "layer3.0.runningVar");
            // trainable: dense 2·4+4, γ/β 2·4, inner γ/β 2·4, inner dense 4·4+4, output 4·2+2; the running estimates are not among them
            assertThat(model.parameterCount()).isEqualTo(12 + 8 + 8 + 20 + 10);
            assertThat(model.parameterSlots()).extracting(ParameterSlot::name)
                    .contains("layer1.gamma", "layer1.beta", "layer3.0.gamma", "layer3.1.W", "layer3.1.b");
            assertThat(state(model, "layer1.runningMean")).containsOnly(0.0);
            assertThat(state(model, "layer1.runningVar")).containsOnly(1.0);
            double[] before = model.parametersToHost();
            Trainer.builder().epochs(2).batchSize(16).seed(3).optimizer(Sgd.plain(0.1)).build().fit(model, moons);
            assertThat(model.parametersToHost()).hasSize(before.length).isNotEqualTo(before);
            double[] mean = state(model, "layer1.runningMean");
            assertThat(mean).isNotEqualTo(new double[4]);
            // a sample's prediction uses the running estimates, so it does not depend on the rest of its batch
            double[] all = model.predict(moons.features(), moons.size());
            double[] one = model.predict(java.util.Arrays.copyOfRange(moons.features(), 20, 22), 1);
            assertThat(one[0]).isCloseTo(all[20], within(1e-15));
            assertThat(one[1]).isCloseTo(all[21], within(1e-15));
            // inference leaves the running estimates unchanged
            assertThat(state(model, "layer1.runningMean")).isEqualTo(mean);
        }
    }

    @Test
    void earlyStoppingPutsBackTheRunningEstimatesOfTheBestEpochWithItsParameters() {
        ModelSpec spec = ModelSpec.builder(2)
                .dense(6, Activation.identity()).batchNorm().activation(Activation.relu())
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        Dataset moons = Synthetic.twoMoons(64, 0.1, 2);
        java.util.List<double[]> parameters = new java.util.ArrayList<>();
        java.util.List<double[]> means = new java.util.ArrayList<>();
        try (Model model = Model.create(spec, f64.get(), 4)) {
            dev.myelin.train.Callback bestAtEpochTwo = new dev.myelin.train.Callback() {
                @Override
                public void onEpochEnd(dev.myelin.train.TrainingContext context, int epoch, java.util.Map<String, Double> metrics) {
                    metrics.put("made_up_loss", epoch == 1 ? 0.0 : 1.0 + epoch);
                    parameters.add(model.parametersToHost());
                    means.add(state(model, "layer1.runningMean"));
                }
            };
            Trainer.builder().epochs(6).batchSize(16).seed(3).optimizer(Sgd.plain(0.1)).callback(bestAtEpochTwo)
                    .callback(new dev.myelin.train.EarlyStopping("made_up_loss", 0, 10, true)).build().fit(model, moons);
            assertThat(means).hasSize(6);
            assertThat(means.get(5)).isNotEqualTo(means.get(1));
            assertThat(model.parametersToHost()).isEqualTo(parameters.get(1));
            assertThat(state(model, "layer1.runningMean")).isEqualTo(means.get(1));
            assertThat(model.stateSize()).isEqualTo(12);
        }
    }

    @Test
    void residualBlockAddsItsInputToF() {
        ModelSpec spec = ModelSpec.builder(2)
                .residual(f -> f.dense(3, Activation.identity(), Initializer.zeros()).dense(2, Activation.identity(), Initializer.zeros()))
                .loss(Loss.meanSquaredError())
                .regularization(Regularization.l2(0.01))
                .build();
        try (Model model = Model.create(spec, f64.get(), 0)) {
            // flat layout: weights (regularised) first, then biases, each with the block's prefix
            assertThat(model.parameterSlots()).extracting(ParameterSlot::name).containsExactly("layer0.0.W", "layer0.1.W", "layer0.0.b", "layer0.1.b");
            assertThat(model.regularizedCount()).isEqualTo(2 * 3 + 3 * 2);
            double[] w1 = {1, 0, 2, 0, 1, -1};     // [2, 3]
            double[] w2 = {1, 0, 0, 1, 0.5, 0.5};  // [3, 2]
            double[] b1 = {0.1, 0.2, 0.3};
            double[] b2 = {-1, 1};
            double[] theta = new double[17];
            System.arraycopy(w1, 0, theta, 0, 6);
            System.arraycopy(w2, 0, theta, 6, 6);
            System.arraycopy(b1, 0, theta, 12, 3);
            System.arraycopy(b2, 0, theta, 15, 2);
            model.setParameters(theta);
            double[] x = {0.5, -2};
            // h = x·W1 + b1 = (0.5+0.1, -2+0.2, 1+2+0.3) = (0.6, -1.8, 3.3); F = h·W2 + b2 = (0.6+1.65-1, -1.8+1.65+1) = (1.25, 0.85)
            try (Tensor in = Backends.upload(f64.get(), x, 1, 2)) {
                assertThat(Backends.download(f64.get(), model.forward(in, Mode.inference()))).containsExactly(new double[] {0.5 + 1.25, -2 + 0.85}, within(1e-15));
            }
        }
    }

    @Test
    void aTrainingStepAllocatesNothingOnceTheBatchSizeHasBeenSeenAndCloseFreesEverything() {
        ModelSpec spec = ModelSpec.builder(4)
                .dense(8, Activation.identity()).batchNorm().prelu().dropout(0.2)
                .residual(f -> f.layerNorm().maxout(6, 2).dense(8, Activation.identity()))
                .output(3, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        SplittableRandom rng = new SplittableRandom(1);
        CpuBackend cpu = (CpuBackend) f64.get();
        long before = cpu.liveTensors();
        try (Model model = Model.create(spec, f64.get(), 2);
             Tensor x = Backends.upload(f64.get(), rng.doubles(40, -1, 1).toArray(), 10, 4);
             Tensor y = Backends.upload(f64.get(), new double[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0}, 10, 1);
             Tensor loss = f64.get().allocate(1, 1);
             Tensor gradOut = f64.get().allocate(10, 3)) {
            model.computeGradients(x, y, Mode.training(1, 0), loss);
            model.forward(x, Mode.inference());
            model.backward(gradOut); // batch norm's inference backward path, once
            long live = cpu.liveTensors();
            for (int step = 1; step < 4; step++) {
                model.computeGradients(x, y, Mode.training(1, step), loss);
            }
            assertThat(cpu.liveTensors()).isEqualTo(live);
        }
        assertThat(cpu.liveTensors()).as("everything freed at close, running estimates included").isEqualTo(before);
    }

    @Test
    void aNetworkWithEveryLayerLearnsTheTwoMoons() {
        Dataset moons = Synthetic.twoMoons(200, 0.1, 5);
        ModelSpec spec = ModelSpec.builder(2)
                .dense(32, Activation.identity()).batchNorm().prelu()
                .dropout(0.1)
                .residual(f -> f.layerNorm().maxout(16, 2).dense(32, Activation.identity()))
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        try (Model model = Model.create(spec, f64.get(), 6)) {
            Trainer.builder().epochs(40).batchSize(20).seed(7).optimizer(Sgd.momentum(0.05, 0.9)).build().fit(model, moons);
            double[] p = model.predict(moons.features(), moons.size());
            int correct = 0;
            for (int i = 0; i < moons.size(); i++) {
                int predicted = p[2 * i + 1] > p[2 * i] ? 1 : 0;
                if (predicted == moons.label(i)) {
                    correct++;
                }
            }
            assertThat(correct / (double) moons.size()).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void clampAndClipScaleFollowTheirFormulas() {
        for (Backend backend : new Backend[] {f64.get(), Backends.cpu32()}) {
            try (Tensor x = Backends.upload(backend, new double[] {-3, -0.5, 0, 0.25, 7, Double.NaN}, 2, 3);
                 Tensor ss = backend.allocate(1, 1); Tensor scale = backend.allocate(1, 1)) {
                backend.clamp(x, -1, 0.5);
                double[] clamped = Backends.download(backend, x);
                assertThat(java.util.Arrays.copyOf(clamped, 5)).containsExactly(-1, -0.5, 0, 0.25, 0.5);
                assertThat(clamped[5]).isNaN();
                assertThatThrownBy(() -> backend.clamp(x, 1, -1)).hasMessageContaining("lo <= hi");
                // scale = min(1, maxNorm / (‖g‖ + 1e-6))
                double tolerance = backend.dtype() == dev.myelin.backend.DType.FLOAT64 ? 1e-15 : 1e-7;
                backend.fill(ss, 25);
                backend.clipScale(ss, 2, scale);
                assertThat(backend.readScalar(scale, 0)).isCloseTo(2 / (5 + 1e-6), within(tolerance));
                backend.fill(ss, 0.25);
                backend.clipScale(ss, 2, scale);
                assertThat(backend.readScalar(scale, 0)).isEqualTo(1.0);
                backend.fill(ss, Double.POSITIVE_INFINITY);
                backend.clipScale(ss, 2, scale);
                assertThat(backend.readScalar(scale, 0)).isNaN();
                backend.fill(ss, Double.NaN);
                backend.clipScale(ss, 2, scale);
                assertThat(backend.readScalar(scale, 0)).isNaN();
                assertThatThrownBy(() -> backend.clipScale(ss, 0, scale)).hasMessageContaining("maxNorm must be a finite number > 0");
            } finally {
                if (backend != f64.get()) {
                    backend.close();
                }
            }
        }
    }
}
