package dev.myelin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Backend;
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
import dev.myelin.train.ConfusionMatrix;
import dev.myelin.train.Evaluation;
import dev.myelin.train.Evaluator;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;

import java.util.List;

/**
 * A classifier's evaluation with the confusion matrix counted on the device against the same evaluation counted on the
 * host, for every way a classifier's outputs and targets come: class indices, one-hot targets, one output from logits and
 * one output of probabilities. Shared by the CPU and the simulated CUDA tests.
 */
public final class ResidentEvaluations {
    private static final Split DIGITS = scaled(Splits.stratified(EmbeddedData.digits(), 0.70, 0.30, 0.0, 42));
    private static final Split MOONS = Splits.stratified(Synthetic.twoMoons(400, 0.25, 7), 0.70, 0.30, 0.0, 7);

    private ResidentEvaluations() {
    }

    private static Split scaled(Split split) {
        return new StandardScaler().fit(split.train()).transform(split);
    }

    /** The classifiers and the split each is trained and evaluated on. */
    private static List<Object[]> cases() {
        return List.of(
                new Object[] {ModelSpec.builder(64).dense(16, Activation.relu()).output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                        .build(), DIGITS},
                new Object[] {ModelSpec.builder(64).dense(16, Activation.relu()).output(10, Activation.softmax(), Loss.categoricalCrossEntropy())
                        .build(), DIGITS},
                new Object[] {ModelSpec.builder(2).dense(8, Activation.tanh()).output(1, Activation.sigmoid(), Loss.binaryCrossEntropy()).build(),
                        MOONS},
                new Object[] {ModelSpec.builder(2).dense(8, Activation.tanh()).dense(1, Activation.sigmoid()).loss(Loss.binaryCrossEntropy())
                        .build(), MOONS});
    }

    /**
     * After two epochs of training (predictions neither perfect nor constant), {@link Evaluator#evaluateResident} gives the
     * loss, accuracy and every count of {@link Evaluator#evaluate}, bit for bit, in batches of 64 (the last one short).
     */
    public static void assertDeviceAndHostCountsAgree(Backend backend) {
        for (Object[] c : cases()) {
            ModelSpec spec = (ModelSpec) c[0];
            Split split = (Split) c[1];
            try (Model model = Model.create(spec, backend, 5)) {
                Trainer.builder().epochs(2).batchSize(32).seed(5).optimizer(Sgd.momentum(0.01, 0.9)).deviceResidentData(false).build()
                        .fit(model, split.train());
                Dataset data = split.validation();
                Evaluation host = Evaluator.evaluate(model, data, 64);
                Evaluation device = Evaluator.evaluateResident(model, data, 64);
                String what = backend.name() + ", " + spec.loss();
                assertThat(host.accuracy()).as(what + ": a model that is neither right nor wrong everywhere").isBetween(0.2, 0.995);
                assertThat(device.accuracy()).as(what + " accuracy").isEqualTo(host.accuracy());
                assertThat(device.loss()).as(what + " loss").isEqualTo(host.loss());
                ConfusionMatrix h = host.confusion();
                ConfusionMatrix d = device.confusion();
                assertThat(d.classes()).isEqualTo(h.classes());
                assertThat(d.total()).isEqualTo(data.size());
                for (int a = 0; a < h.classes(); a++) {
                    for (int p = 0; p < h.classes(); p++) {
                        assertThat(d.count(a, p)).as(what + " count(%d, %d)", a, p).isEqualTo(h.count(a, p));
                    }
                }
            }
        }
    }

    /**
     * Training with the data sets on the device (validation counted there) and from the host give the same validation
     * loss and accuracy every epoch.
     */
    public static void assertResidentAndHostValidationAgree(Backend backend) {
        ModelSpec spec = (ModelSpec) cases().get(0)[0];
        double[][] loss = new double[2][];
        double[][] accuracy = new double[2][];
        for (int resident = 0; resident < 2; resident++) {
            try (Model model = Model.create(spec, backend, 9)) {
                History history = Trainer.builder().epochs(3).batchSize(64).seed(9).optimizer(Sgd.momentum(0.01, 0.9))
                        .deviceResidentData(resident == 1).build().fit(model, DIGITS.train(), DIGITS.validation());
                loss[resident] = history.get("val_loss");
                accuracy[resident] = history.get("val_accuracy");
            }
        }
        assertThat(accuracy[1]).as(backend.name() + " val_accuracy").isEqualTo(accuracy[0]);
        assertThat(loss[1]).as(backend.name() + " val_loss").isEqualTo(loss[0]);
        assertThat(accuracy[0][2]).isGreaterThan(0.5);
    }
}
