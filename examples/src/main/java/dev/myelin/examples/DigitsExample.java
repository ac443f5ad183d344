package dev.myelin.examples;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.StandardScaler;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Sgd;
import dev.myelin.train.Evaluation;
import dev.myelin.train.Evaluator;
import dev.myelin.train.History;
import dev.myelin.train.ProgressLogger;
import dev.myelin.train.Trainer;

/**
 * The README's "Using it from Java" example, as a program: a 64-128-64-10 ReLU network trained for 30 epochs with
 * momentum SGD on the embedded 8×8 digits (70/15/15 stratified split, standardised on the training part), then
 * evaluated on the test part. Prints each epoch, then {@code test accuracy A} and the confusion matrix.
 *
 * <p>The lines between the {@code README} markers are the README's code block, character for character once
 * their indentation is removed (the module's tests check it). Not meant for concurrent use: a program run from
 * {@code main}.
 */
public final class DigitsExample {

    private DigitsExample() {
    }

    public static void main(String[] args) {
        // README begin
        try (Backend cpu = new DeviceManager().open(null, DType.FLOAT32, BackendOptions.defaults(), System.out::println).backend()) {
            Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42);
            Split scaled = new StandardScaler().fit(split.train()).transform(split);   // fitted on train only
            ModelSpec spec = ModelSpec.builder(64)
                    .dense(128, Activation.relu())                                      // He init chosen from the activation
                    .dense(64, Activation.relu())
                    .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())  // fused softmax + CE
                    .build();
            try (Model model = Model.create(spec, cpu, 42)) {
                History history = Trainer.builder().epochs(30).batchSize(32).seed(42)
                        .optimizer(Sgd.momentum(0.05, 0.9))
                        .callback(new ProgressLogger(System.out))
                        .build()
                        .fit(model, scaled.train(), scaled.validation());
                Evaluation test = Evaluator.evaluate(model, scaled.test());
                System.out.println("test accuracy " + test.accuracy() + "\n" + test.confusion());
            }
        }
        // README end
    }
}
