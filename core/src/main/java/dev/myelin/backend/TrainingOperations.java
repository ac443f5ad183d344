package dev.myelin.backend;

/**
 * The device-side bookkeeping of a training run and of an evaluation: making a step with a non-finite loss apply
 * nothing (without reading the loss back), and counting a classifier's confusion matrix where its outputs are.
 *
 * <p>Part of {@link Backend}: all tensors are row-major {@code [rows, cols]} of the backend's {@link Backend#dtype()},
 * activations are {@code [batch, features]}. Each operation is validated once, with the same messages on every
 * backend ({@link IllegalArgumentException} naming the operation and the shapes, {@link IllegalStateException} for a
 * closed backend or tensor), then runs as one kernel launch. Not thread-safe unless the backend says so: one thread at
 * a time.
 */
public interface TrainingOperations {

    /**
     * {@code dst ← src} (every element, in order) when {@code flag[0]} is NaN or infinite; nothing otherwise. The flag
     * is read on the device, so the host need not know it: the trainer sets a step's gradient scale to the loss sum
     * this way ({@code src = flag}), which makes the optimiser skip a step whose loss is not finite, and puts back the
     * batch-norm running estimates that step's forward pass changed. {@code flag} has at least one element, {@code src}
     * and {@code dst} have as many elements (their shapes may differ), {@code dst} shares no element with {@code flag}
     * ({@code src} may be {@code flag}).
     */
    void copyIfNonFinite(Tensor flag, Tensor src, Tensor dst);

    /**
     * {@code counts[a, p] += 1} for every row i of a classifier's outputs, where a is the true class and p the predicted
     * one: p is the first arg-max of {@code output[i, :]}, or with one output column {@code output[i, 0] > threshold ? 1 : 0};
     * a is {@code labels[i, 0]} as a class index ({@code labels [batch, 1]}) or the first arg-max of a one-hot row
     * ({@code labels [batch, output.cols()]}). {@code counts} is {@code [classes, classes]}, rows the true class, with
     * {@code classes ≥ max(2, output.cols())}; a row whose label is no class index in {@code [0, classes)} is not counted.
     * {@code counts} is a {@link DType#INT32} tensor: exact up to 2^31 − 1 per cell.
     */
    void confusionCounts(Tensor output, Tensor labels, double threshold, Tensor counts);
}
