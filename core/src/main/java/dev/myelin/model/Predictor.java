package dev.myelin.model;

import dev.myelin.backend.LossKind;

import java.util.List;

/**
 * Serving-side predictions of a {@link Model}: raw features in (the model's input normaliser is applied),
 * probabilities or values out, classes and their names.
 *
 * <p>Thread-safe: several threads may call it at once; calls run one at a time on the model (its
 * {@link Model#predict} holds the model's lock), and each row's result depends only on that row, not on the
 * batch it came in nor on other threads (the tests check bit-identity): inference runs its products through
 * {@link dev.myelin.backend.Backend#gemmBatchInvariant}, which on the CPU is the pure-Java GEMM even where training
 * runs OpenBLAS. Rows go to the model in chunks of at most
 * {@link #maxBatch()} so that a huge request does not grow the model's scratch memory without bound.
 * Training the model while a predictor uses it is refused with an {@link IllegalStateException}.
 */
public final class Predictor {
    /** Default largest batch sent to the model at once. */
    public static final int DEFAULT_MAX_BATCH = 1024;
    private final Model model;
    private final int maxBatch;

    /** A predictor over {@code model} sending at most {@value #DEFAULT_MAX_BATCH} rows at once. */
    public Predictor(Model model) {
        this(model, DEFAULT_MAX_BATCH);
    }

    public Predictor(Model model, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a predictor's largest batch must be >= 1 row, got " + maxBatch);
        }
        this.model = model;
        this.maxBatch = maxBatch;
    }

    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Outputs for {@code rows} samples of raw features {@code [rows, inputWidth]} row-major: probabilities
     * {@code [rows, K]} for a classifier ({@code [rows, 1]}, P(class 1), for a single sigmoid output), values for a regressor.
     */
    public double[] predict(double[] features, int rows) {
        int width = model.inputWidth();
        if (features.length != (long) rows * width) {
            throw new IllegalArgumentException("predict: " + features.length + " values are not " + rows + " rows of " + width + " features");
        }
        int k = model.outputWidth();
        double[] out = new double[Math.multiplyExact(rows, k)];
        for (int from = 0; from < rows; from += maxBatch) {
            int count = Math.min(maxBatch, rows - from);
            double[] chunk = java.util.Arrays.copyOfRange(features, from * width, (from + count) * width);
            System.arraycopy(model.predict(chunk, count), 0, out, from * k, count * k);
        }
        return out;
    }

    /** Number of classes: the output width, or 2 for a single-output binary classifier. */
    public int classCount() {
        return model.outputWidth() == 1 ? 2 : model.outputWidth();
    }

    /** The most probable class of each row of {@code outputs} (from {@link #predict}). */
    public int[] classes(double[] outputs, int rows) {
        int k = model.outputWidth();
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            if (k == 1) {
                labels[i] = outputs[i] > 0.5 ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (outputs[i * k + c] > outputs[i * k + best]) {
                    best = c;
                }
            }
            labels[i] = best;
        }
        return labels;
    }

    /** The probability of class {@code c} for row {@code row} of {@code outputs}. */
    public double probability(double[] outputs, int row, int c) {
        int k = model.outputWidth();
        if (k == 1 && isBinary()) {
            return c == 1 ? outputs[row] : 1 - outputs[row];
        }
        return outputs[row * k + c];
    }

    private boolean isBinary() {
        return model.loss().kind() == LossKind.BINARY_CROSS_ENTROPY;
    }

    /** The saved name of class {@code c}, or its index as text. */
    public String className(int c) {
        List<String> names = model.classNames();
        return c < names.size() ? names.get(c) : Integer.toString(c);
    }
}
