package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.nn.Initializer;
import dev.myelin.nn.Mode;
import dev.myelin.optim.Sgd;
import dev.myelin.train.Callback;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingContext;
import dev.myelin.train.TrainingMonitor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Early stopping, gradient clipping and training monitoring, asserted against recomputed numbers. */
class TrainingToolkitTest {

    private static ModelSpec moonsNet() {
        return ModelSpec.builder(2).dense(32, Activation.relu()).dense(32, Activation.relu())
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
    }

    /** Records the parameters after every epoch (runs after the callbacks registered before it). */
    private static final class EpochRecorder implements Callback {
        final List<double[]> parameters = new ArrayList<>();
        final List<Map<String, Double>> metrics = new ArrayList<>();

        @Override
        public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> m) {
            parameters.add(context.model().parametersToHost());
            metrics.add(Map.copyOf(m));
        }
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestEpoch() {
        Split split = Splits.stratified(Synthetic.twoMoons(300, 0.35, 4), 0.5, 0.5, 0.0, 4); // noisy: overfits quickly
        EarlyStopping stopping = new EarlyStopping("val_loss", 0.0, 3, true);
        EpochRecorder recorder = new EpochRecorder();
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(moonsNet(), f64, 4)) {
            History history = Trainer.builder().epochs(300).batchSize(10).seed(4).optimizer(Sgd.momentum(0.1, 0.9))
                    .callback(stopping).callback(recorder).build().fit(model, split.train(), split.validation());
            assertThat(history.epochs()).isLessThan(300);
            assertThat(history.stopReason().orElseThrow()).contains("early stopping").contains("val_loss");
            int best = history.bestEpoch("val_loss", true);
            assertThat(stopping.bestEpoch()).isEqualTo(best);
            // Keras / PyTorch Lightning count: the best epoch, then exactly `patience` (3) epochs without improvement
            assertThat(history.epochs()).isEqualTo(best + 1 + 3);
            assertThat(history.stopReason().orElseThrow()).contains("for 3 epochs");
            assertThat(model.parametersToHost()).isEqualTo(recorder.parameters.get(best));
        }
    }

    @Test
    void earlyStoppingSettingsAreValidated() {
        assertThatThrownBy(() -> new EarlyStopping("val_loss", 0, -1, true)).hasMessageContaining("patience must be >= 0 epochs, got -1");
        assertThatThrownBy(() -> new EarlyStopping("val_loss", -0.1, 1, true)).hasMessageContaining("min-delta must be a finite number >= 0");
    }

    @Test
    void clippingByValueBoundsEveryGradientElement() {
        Dataset moons = Synthetic.twoMoons(200, 0.1, 1);
        List<Double> largest = new ArrayList<>();
        Callback probe = new Callback() {
            @Override
            public void onBatchEnd(TrainingContext context, int epoch, int batch) {
                double max = 0;
                for (double g : context.model().gradientsToHost()) {
                    max = Math.max(max, Math.abs(g));
                }
                largest.add(max);
            }
        };
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(moonsNet(), f64, 1)) {
            Trainer.builder().epochs(2).batchSize(20).optimizer(Sgd.plain(0.5)).clipByValue(0.01).callback(probe).build().fit(model, moons);
        }
        assertThat(largest).isNotEmpty().allSatisfy(m -> assertThat(m).isLessThanOrEqualTo(0.01));
        assertThat(largest).anySatisfy(m -> assertThat(m).isEqualTo(0.01)); // clipping did act
    }

    @Test
    void clippingByGlobalNormScalesTheStepByMaxNormOverTheNorm() {
        Dataset moons = Synthetic.twoMoons(64, 0.1, 2);
        double lr = 0.1;
        double maxNorm = 0.05;
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(moonsNet(), f64, 2)) {
            double[] w0 = model.parametersToHost();
            double[] g = fullBatchGradient(f64, model, moons);
            double norm = 0;
            for (double v : g) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            assertThat(norm).isGreaterThan(maxNorm); // so the clip acts
            Trainer.builder().epochs(1).batchSize(64).shuffle(false).optimizer(Sgd.plain(lr)).clipByGlobalNorm(maxNorm).build().fit(model, moons);
            double[] w1 = model.parametersToHost();
            double scale = Math.min(1, maxNorm / (norm + 1e-6));
            for (int i = 0; i < w0.length; i++) {
                assertThat(w1[i]).isCloseTo(w0[i] - lr * scale * g[i], within(1e-14));
            }
        }
        assertThatThrownBy(() -> Trainer.builder().clipByGlobalNorm(0)).hasMessageContaining("clip norm must be a finite number > 0");
    }

    private static double[] fullBatchGradient(Backend backend, Model model, Dataset data) {
        try (Tensor x = backend.allocate(data.size(), data.featureCount()); Tensor y = backend.allocate(data.size(), 1);
             Tensor sum = backend.allocate(1, 1)) {
            backend.upload(data.features(), 0, x);
            backend.upload(data.targets(), 0, y);
            model.computeGradients(x, y, Mode.training(0, 0), sum);
            return model.gradientsToHost();
        }
    }

    @Test
    void monitorRecordsGradientNormsUpdateRatiosAndActivationHealth() {
        Dataset moons = Synthetic.twoMoons(200, 0.1, 6);
        // a ReLU layer whose biases start at −100 is dead for every sample; a sigmoid fed by large weights saturates
        ModelSpec spec = ModelSpec.builder(2)
                .layer(new dev.myelin.nn.DenseSpec(8, Initializer.heNormal(), -100.0)).activation(Activation.relu())
                .layer(new dev.myelin.nn.DenseSpec(8, Initializer.constant(0), 0.0)).activation(Activation.tanh())
                .layer(new dev.myelin.nn.DenseSpec(4, Initializer.constant(0), 50.0)).activation(Activation.sigmoid())
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        EpochRecorder recorder = new EpochRecorder();
        List<double[]> gradients = new ArrayList<>();
        Callback gradientRecorder = new Callback() {
            @Override
            public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
                gradients.add(context.model().gradientsToHost());
            }
        };
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 6)) {
            History history = Trainer.builder().epochs(2).batchSize(50).optimizer(Sgd.plain(0.1))
                    .callback(new TrainingMonitor(moons)).callback(recorder).callback(gradientRecorder).build().fit(model, moons);
            assertThat(history.last("dead_units/layer1")).isEqualTo(1.0);
            assertThat(history.last("act_sparsity/layer1")).isEqualTo(1.0);
            assertThat(history.last("saturation/layer5")).isEqualTo(1.0); // σ(50) > 0.99
            assertThat(history.last("act_mean/layer3")).isEqualTo(0.0);    // tanh(0)
            // gradient norm of the first weight block, recomputed from the gradients left by the last step
            var slot = model.parameterSlots().get(0);
            double[] g = gradients.get(1);
            double sq = 0;
            for (int i = slot.offset(); i < slot.offset() + slot.block().size(); i++) {
                sq += g[i] * g[i];
            }
            assertThat(history.last("grad_norm/" + slot.name())).isCloseTo(Math.sqrt(sq), within(1e-12));
            double[] ratios = history.get("update_ratio/layer6.W");
            assertThat(ratios).hasSize(2);
            for (double r : ratios) {
                assertThat(r).isStrictlyBetween(0.0, 1.0);
            }
            // layer2.W starts at 0 and its input (the dead ReLU) is 0, so its gradient and every update are exactly 0
            assertThat(history.last("weight_sparsity/layer2.W")).isEqualTo(1.0);
            assertThat(history.last("weight_sparsity/layer6.W")).isEqualTo(0.0);
        }
    }
}
