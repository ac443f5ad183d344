package dev.myelin.train;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.data.Shuffle;
import dev.myelin.model.Model;
import dev.myelin.nn.Mode;
import dev.myelin.util.ArgumentChecks;

/**
 * Evaluates a model on a data set in inference mode, batch by batch.
 *
 * <p>Stateless; thread-safe: each evaluation runs under the model's lock, like {@code Model.predict}.
 */
public final class Evaluator {
    /** Batch size used when none is given. */
    public static final int DEFAULT_BATCH_SIZE = 256;

    private Evaluator() {
    }

    /** Loss and metrics of {@code model} on {@code data}, batches of {@value #DEFAULT_BATCH_SIZE}. */
    public static Evaluation evaluate(Model model, Dataset data) {
        return evaluate(model, data, DEFAULT_BATCH_SIZE);
    }

    /**
     * Loss and metrics of {@code model} on {@code data} (features already normalised as in training). Holds the model
     * meanwhile ({@link Model#exclusive}): refused while another thread trains it.
     */
    public static Evaluation evaluate(Model model, Dataset data, int batchSize) {
        ArgumentChecks.atLeast("batch size", batchSize, 1);
        return model.exclusive(() -> {
            try (BatchSource source = new BatchSource(model, data, batchSize)) {
                return evaluate(model, data, source, Shuffle.identity(data.size()), batchSize);
            }
        });
    }

    /**
     * As {@link #evaluate(Model, Dataset, int)}, with {@code data} uploaded to the device once and a classifier's
     * confusion matrix counted there ({@link Backend#confusionCounts}) and read back once, instead of one download of
     * predicted classes per batch: the same loss, accuracy and matrix. Needs the data set on the device besides the
     * model (fewer than 2^24 rows).
     */
    public static Evaluation evaluateResident(Model model, Dataset data, int batchSize) {
        ArgumentChecks.atLeast("batch size", batchSize, 1);
        return model.exclusive(() -> {
            try (BatchSource source = new BatchSource(model, data, batchSize, true)) {
                return evaluate(model, data, source, Shuffle.identity(data.size()), batchSize);
            }
        });
    }

    /**
     * As {@link #evaluate(Model, Dataset, int)}, with batches from {@code source} (of {@code data}, batches up to
     * {@code batchSize}, e.g. kept on the device across a run's epochs) in the sample order {@code order} (the identity;
     * the same array each time lets a device-resident source upload it once). A classifier's confusion matrix is
     * counted on the device when the source is resident there, else on the host. The caller holds the model.
     */
    static Evaluation evaluate(Model model, Dataset data, BatchSource source, int[] order, int batchSize) {
        Backend backend = model.backend();
        int n = data.size();
        boolean classify = data.isClassification();
        int k = model.outputWidth();
        if (classify && source.resident()) {
            return DeviceConfusion.evaluate(model, data, source, order, batchSize);
        }
        ConfusionMatrix confusion = classify ? new ConfusionMatrix(classes(model, data)) : null;
        double sse = 0;
        double sae = 0;
        double[] targetSum = null;
        double[] targetSq = null;
        if (!classify) {
            targetSum = new double[k];
            targetSq = new double[k];
        }
        int rows = Math.min(batchSize, n);
        try (Tensor lossSum = backend.allocate(1, 1);
             Tensor probability = classify && k == 1 ? backend.allocate(rows, 1) : null;
             Tensor predicted = classify && k > 1 ? backend.allocateInt32(rows, 1) : null) {
            double[] host = new double[rows * k];
            int[] predictedClasses = new int[rows];
            for (int from = 0; from < n; from += batchSize) {
                int count = Math.min(batchSize, n - from);
                BatchSource.Batch batch = source.load(order, from, count);
                Tensor out = model.forward(batch.inputs(), Mode.inference());
                backend.lossForward(model.loss().spec(), out, batch.targets(), lossSum);
                if (classify) {
                    if (k == 1) {
                        try (Tensor p = backend.view(probability, 0, count, 1)) {
                            backend.activationForward(model.loss().outputActivation().kind(), 0, out, p);
                            backend.download(p, host, 0);
                        }
                        for (int i = 0; i < count; i++) {
                            predictedClasses[i] = host[i] > 0.5 ? 1 : 0;
                        }
                    } else {
                        try (Tensor p = backend.view(predicted, 0, count, 1)) {
                            backend.argmaxRows(out, p);
                            backend.download(p, predictedClasses, 0);
                        }
                    }
                    for (int i = 0; i < count; i++) {
                        confusion.add(data.label(order[from + i]), predictedClasses[i]);
                    }
                } else {
                    backend.download(out, host, 0); // regression losses have no output link: raw output is the prediction
                    double[] targets = data.targets();
                    for (int i = 0; i < count; i++) {
                        for (int j = 0; j < k; j++) {
                            double t = targets[(from + i) * k + j];
                            double d = host[i * k + j] - t;
                            sse += d * d;
                            sae += Math.abs(d);
                            targetSum[j] += t;
                            targetSq[j] += t * t;
                        }
                    }
                }
            }
            double loss = backend.readScalar(lossSum, 0) / n;
            if (classify) {
                return new Evaluation(n, loss, confusion.accuracy(), confusion, Double.NaN, Double.NaN, Double.NaN);
            }
            double ssTot = 0;
            for (int j = 0; j < k; j++) {
                ssTot += targetSq[j] - targetSum[j] * targetSum[j] / n;
            }
            double r2 = ssTot == 0 ? Double.NaN : 1 - sse / ssTot;
            return new Evaluation(n, loss, Double.NaN, null, sse / ((double) n * k), sae / ((double) n * k), r2);
        }
    }

    /** Rows and columns of a classifier's confusion matrix: the data set's classes, at least two, at least the model's outputs. */
    static int classes(Model model, Dataset data) {
        int k = model.outputWidth();
        return Math.max(data.numClasses(), k == 1 ? 2 : k);
    }

}
