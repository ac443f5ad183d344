package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.StandardScaler;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Sgd;
import dev.myelin.train.Callback;
import dev.myelin.train.Evaluation;
import dev.myelin.train.Evaluator;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Whole training runs on the CPU backend, asserting what the model learned. */
class TrainingTest {

    @Test
    void digitsReachAtLeast95PercentTestAccuracyWithTheCommandLineDefaults() {
        Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42);
        Split scaled = new StandardScaler().fit(split.train()).transform(split);
        ModelSpec spec = ModelSpec.builder(64).dense(128, Activation.relu()).dense(64, Activation.relu())
                .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (Backend f32 = Backends.cpu32(); Model model = Model.create(spec, f32, 42)) {
            History history = Trainer.builder().epochs(30).batchSize(32).seed(42).optimizer(Sgd.momentum(0.05, 0.9)).build()
                    .fit(model, scaled.train(), scaled.validation());
            assertThat(history.epochs()).isEqualTo(30);
            assertThat(history.get("loss")[29]).isLessThan(history.get("loss")[0] / 10);
            assertThat(history.last("val_accuracy")).isGreaterThan(0.95);
            Evaluation test = Evaluator.evaluate(model, scaled.test());
            assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.95);
            assertThat(test.confusion().total()).isEqualTo(scaled.test().size());
            assertThat(test.confusion().accuracy()).isEqualTo(test.accuracy());
        }
    }

    @ParameterizedTest(name = "batch size {0}")
    @ValueSource(ints = {1, 25, 700})
    void stochasticMiniBatchAndFullBatchGradientDescentAllSeparateTheMoons(int batchSize) {
        Dataset moons = Synthetic.twoMoons(1000, 0.1, 3);
        Split split = Splits.stratified(moons, 0.7, 0.3, 0.0, 3);
        ModelSpec spec = ModelSpec.builder(2).dense(16, Activation.tanh()).dense(16, Activation.tanh())
                .output(2, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        int epochs = batchSize == 1 ? 5 : batchSize == 25 ? 40 : 400; // roughly comparable numbers of steps
        double lr = batchSize == 1 ? 0.01 : 0.1;
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 1)) {
            Trainer.builder().epochs(epochs).batchSize(batchSize).seed(1).optimizer(Sgd.momentum(lr, 0.9)).build().fit(model, split.train());
            assertThat(Evaluator.evaluate(model, split.validation()).accuracy()).isGreaterThan(0.97);
        }
    }

    @Test
    void aSingleLinearUnitLearnsYEquals2x() {
        Dataset line = Synthetic.sixPointsOfTwoX(); // x = 1..6, y = 2x
        ModelSpec spec = ModelSpec.builder(1).output(1, Loss.meanSquaredError()).build();
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 5)) {
            // full-batch GD; stable since η = 0.03 < 2 / λ_max of the MSE Hessian (≈ 0.064 here)
            Trainer.builder().epochs(3000).batchSize(6).seed(5).optimizer(Sgd.plain(0.03)).build().fit(model, line);
            double[] wb = model.parametersToHost(); // [W, b]: weights first in the flat buffer
            assertThat(wb[0]).isCloseTo(2.0, within(1e-9));
            assertThat(wb[1]).isCloseTo(0.0, within(1e-9));
            Evaluation eval = Evaluator.evaluate(model, line);
            assertThat(eval.r2()).isGreaterThan(0.9999);
            assertThat(eval.mse()).isCloseTo(eval.loss(), within(1e-12)); // MSE loss over one output is the MSE metric
        }
    }

    @Test
    void aLossThatTurnsNonFiniteStopsTrainingAndKeepsTheLastGoodWeights() {
        Dataset line = Synthetic.linear(200, 0.0, 2); // x up to 200: with η = 1 every step multiplies the error by ~10⁴ until it overflows
        ModelSpec spec = ModelSpec.builder(1).dense(4, Activation.identity()).output(1, Loss.meanSquaredError()).build();
        List<double[]> afterEachStep = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onBatchEnd(TrainingContext context, int epoch, int batch) {
                afterEachStep.add(context.model().parametersToHost());
            }
        };
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 2)) {
            double[] initial = model.parametersToHost();
            History history = Trainer.builder().epochs(50).batchSize(20).seed(2).optimizer(Sgd.plain(1.0)).callback(recorder).build()
                    .fit(model, line);
            assertThat(history.stopReason()).isPresent();
            assertThat(history.stopReason().get()).contains("the loss became").contains("restored");
            assertThat(afterEachStep).hasSizeGreaterThan(2); // it trained a few steps before diverging
            assertThat(history.epochs()).isLessThan(50);
            double[] kept = model.parametersToHost();
            for (double v : kept) {
                assertThat(v).isFinite();
            }
            // The step whose loss was not finite started from the weights after the last recorded step and applied
            // no update: the weights kept are those the last step with a finite loss left.
            double[] expected = afterEachStep.isEmpty() ? initial : afterEachStep.get(afterEachStep.size() - 1);
            assertThat(kept).isEqualTo(expected);
        }
    }

    @Test
    void aNonFiniteLossAlsoRestoresBatchNormRunningEstimates() {
        Dataset line = Synthetic.linear(200, 0.0, 2);
        ModelSpec spec = ModelSpec.builder(1).dense(4, Activation.identity()).batchNorm().dense(4, Activation.relu())
                .output(1, Loss.meanSquaredError()).build();
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 2)) {
            History history = Trainer.builder().epochs(50).batchSize(20).seed(2).optimizer(Sgd.plain(50.0)).build().fit(model, line);
            assertThat(history.stopReason()).isPresent();
            assertThat(model.stateSize()).isEqualTo(8); // running mean and variance of 4 features
            for (var state : model.stateTensors()) {
                double[] values = new double[state.tensor().size()];
                f64.download(state.tensor(), values, 0);
                for (double v : values) {
                    assertThat(v).as(state.name()).isFinite();
                }
            }
            for (double w : model.parametersToHost()) {
                assertThat(w).isFinite();
            }
        }
    }

    @Test
    void trainingAccuracyOfABinaryClassifierMatchesTheEvaluatorForLogitsAndProbabilities() {
        Dataset moons = Synthetic.twoMoons(400, 0.1, 7);
        ModelSpec logits = ModelSpec.builder(2).dense(16, Activation.tanh()).output(1, Activation.sigmoid(), Loss.binaryCrossEntropy()).build();
        ModelSpec probabilities = ModelSpec.builder(2).dense(16, Activation.tanh()).dense(1, Activation.sigmoid()).loss(Loss.binaryCrossEntropy())
                .build();
        for (ModelSpec spec : List.of(logits, probabilities)) {
            try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 7)) {
                // one full-batch epoch at a tiny rate: the epoch's training accuracy is that of the starting weights
                History history = Trainer.builder().epochs(1).batchSize(400).optimizer(Sgd.plain(1e-12)).build().fit(model, moons);
                assertThat(history.last("accuracy")).as(spec.loss().toString()).isCloseTo(Evaluator.evaluate(model, moons).accuracy(), within(1e-12));
            }
        }
    }

    @Test
    void aDeviceResidentDataSetTrainsBitIdenticallyToHostBatches() {
        Dataset digits = EmbeddedData.digits();
        ModelSpec spec = ModelSpec.builder(64).dense(32, Activation.relu()).output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        double[][] results = new double[2][];
        for (int resident = 0; resident < 2; resident++) {
            try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 3)) {
                Trainer.builder().epochs(2).batchSize(100).seed(3).optimizer(Sgd.momentum(0.001, 0.9)).deviceResidentData(resident == 1).build()
                        .fit(model, digits);
                results[resident] = model.parametersToHost();
            }
        }
        assertThat(results[1]).isEqualTo(results[0]);
        assertThatThrownBy(() -> Trainer.builder().optimizer(Sgd.plain(0.1)).deviceResidentData(true).augmentation((x, r, c, rng) -> { }).build())
                .hasMessageContaining("augmentation transforms host batches");
    }

    @Test
    void aValidationSetKeptOnTheDeviceWithTheTrainingSetGivesTheHostMetrics() {
        Split split = Splits.stratified(EmbeddedData.digits(), 0.6, 0.2, 0.2, 4);
        ModelSpec spec = ModelSpec.builder(64).dense(32, Activation.relu()).output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        History[] histories = new History[2];
        for (int resident = 0; resident < 2; resident++) {
            try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, 3)) {
                histories[resident] = Trainer.builder().epochs(3).batchSize(100).seed(3).optimizer(Sgd.momentum(0.01, 0.9))
                        .deviceResidentData(resident == 1).build().fit(model, split.train(), split.validation());
            }
        }
        for (String metric : List.of("val_loss", "val_accuracy")) {
            assertThat(histories[1].get(metric)).as(metric).hasSize(3).isEqualTo(histories[0].get(metric));
        }
        assertThat(histories[1].last("val_accuracy")).as("the network learns the digits").isGreaterThan(0.5);
    }

    @Test
    void aDeviceIndexThatIsNotARowIsRejectedOnTheCpu() {
        try (Backend f64 = Backends.cpu64(); Tensor src = f64.allocate(3, 2); Tensor index = f64.allocateInt32(1, 2); Tensor dst = f64.allocate(2, 2)) {
            f64.upload(new int[] {1, 3}, 0, index);
            assertThatThrownBy(() -> f64.gatherRows(src, index, 0, dst)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row index 3 at position 1");
            f64.upload(new int[] {-1, 0}, 0, index);
            assertThatThrownBy(() -> f64.gatherRows(src, index, 0, dst)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row index -1 at position 0");
        }
    }
}
