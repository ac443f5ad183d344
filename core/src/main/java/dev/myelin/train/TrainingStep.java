package dev.myelin.train;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.model.Model;
import dev.myelin.nn.Mode;
import dev.myelin.optim.Updater;

/**
 * One optimiser step on one batch, and the epoch's running sums it adds to on the device: forward, loss and backward
 * ({@link Model#computeGradients}), the count of correct predictions for a classifier, clipping, and the update.
 * Nothing is read back to the host. Every update reads a device gradient scale (the clipping scale, else 1), which is
 * made non-finite on the device when the epoch's running loss sum is not finite: the optimiser then skips the step,
 * so the parameters stay those of the last step whose loss was finite.
 *
 * <p>Not thread-safe: it owns device scalars of one training run.
 */
final class TrainingStep implements AutoCloseable {
    private final Model model;
    private final Backend backend;
    private final Updater updater;
    private final GradientClipping clipping;
    private final boolean classify;
    /** A single-output classifier predicts class 1 when its logit is positive, or its probability above one half. */
    private final double binaryThreshold;
    private final Tensor lossSum;
    private final Tensor correct;
    private final Tensor normSquared;
    private final Tensor gradScale;

    TrainingStep(Model model, Updater updater, GradientClipping clipping, boolean classify) {
        this.model = model;
        this.backend = model.backend();
        this.updater = updater;
        this.clipping = clipping;
        this.classify = classify;
        this.binaryThreshold = model.loss().spec().fromLogits() ? 0.0 : 0.5;
        this.lossSum = backend.allocate(1, 1);
        this.correct = backend.allocateInt32(1, 1);
        this.normSquared = backend.allocate(1, 1);
        this.gradScale = backend.allocate(1, 1);
        backend.fill(gradScale, 1); // stays 1 unless clipping by norm rewrites it each step
    }

    /** Starts an epoch: zeroes the summed loss and the count of correct predictions. */
    void resetEpochSums() {
        backend.fill(lossSum, 0);
        backend.fill(correct, 0);
    }

    /** Puts back the epoch's sums of a run being resumed. */
    void restoreEpochSums(double loss, double correctCount) {
        backend.upload(new double[] {loss}, 0, lossSum);
        backend.upload(new int[] {Math.toIntExact((long) correctCount)}, 0, correct);
    }

    /** Forward and backward on {@code batch}: leaves the gradients in the model, adds the batch's loss (and correct predictions). */
    void computeGradients(BatchSource.Batch batch, Mode mode) {
        model.computeGradients(batch.inputs(), batch.targets(), mode, lossSum);
        if (classify) {
            backend.countCorrect(model.forwardOutput(), batch.targets(), binaryThreshold, correct);
        }
    }

    /**
     * Clips the gradients and updates the parameters at rate {@code learningRate}, unless the running loss sum is not
     * finite: then the gradient scale takes the sum's value on the device and the optimiser leaves every parameter
     * and its state untouched. The scale of a non-finite step stays non-finite; the run stops at its next loss check.
     */
    void update(double learningRate) {
        clipping.apply(backend, model.gradients(), normSquared, gradScale);
        backend.copyIfNonFinite(lossSum, lossSum, gradScale);
        updater.step(model.parameters(), model.gradients(), learningRate, gradScale);
    }

    /** The epoch's summed per-sample loss so far {@code [1, 1]} (a device scalar). */
    Tensor lossSum() {
        return lossSum;
    }

    /** The epoch's count of correct predictions so far {@code [1, 1]} (a device INT32 scalar; 0 for a regressor). */
    Tensor correct() {
        return correct;
    }

    /** Whether the step counts correct predictions. */
    boolean classifies() {
        return classify;
    }

    @Override
    public void close() {
        lossSum.close();
        correct.close();
        normSquared.close();
        gradScale.close();
    }
}
