package dev.myelin.train;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import dev.myelin.nn.Mode;

/**
 * A classifier's evaluation with its data set on the device: per batch the loss sum and the confusion matrix
 * accumulate on the device ({@link Backend#lossForward}, {@link Backend#confusionCounts} against the batch's targets),
 * and both are read back once at the end. The classes are those of the host evaluation: the first arg-max of the
 * outputs, or with one output the output link's probability above one half.
 *
 * <p>Stateless; the caller holds the model.
 */
final class DeviceConfusion {

    private DeviceConfusion() {
    }

    /** Loss, accuracy and confusion matrix of {@code model} on {@code data}, whose batches {@code source} gathers on the device. */
    static Evaluation evaluate(Model model, Dataset data, BatchSource source, int[] order, int batchSize) {
        Backend backend = model.backend();
        int n = data.size();
        int k = model.outputWidth();
        int classes = Evaluator.classes(model, data);
        try (Tensor lossSum = backend.allocate(1, 1);
             Tensor counts = backend.allocateInt32(classes, classes);
             Tensor probabilities = k == 1 ? backend.allocate(Math.min(batchSize, n), 1) : null) {
            for (int from = 0; from < n; from += batchSize) {
                int count = Math.min(batchSize, n - from);
                BatchSource.Batch batch = source.load(order, from, count);
                Tensor out = model.forward(batch.inputs(), Mode.inference());
                backend.lossForward(model.loss().spec(), out, batch.targets(), lossSum);
                if (k == 1) {
                    try (Tensor p = backend.view(probabilities, 0, count, 1)) {
                        backend.activationForward(model.loss().outputActivation().kind(), 0, out, p);
                        backend.confusionCounts(p, batch.targets(), 0.5, counts);
                    }
                } else {
                    backend.confusionCounts(out, batch.targets(), 0.5, counts);
                }
            }
            int[] host = new int[classes * classes];
            backend.download(counts, host, 0);
            ConfusionMatrix confusion = new ConfusionMatrix(classes);
            for (int actual = 0; actual < classes; actual++) {
                for (int predicted = 0; predicted < classes; predicted++) {
                    confusion.add(actual, predicted, host[actual * classes + predicted]);
                }
            }
            double loss = backend.readScalar(lossSum, 0) / n;
            return new Evaluation(n, loss, confusion.accuracy(), confusion, Double.NaN, Double.NaN, Double.NaN);
        }
    }
}
