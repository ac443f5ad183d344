package dev.myelin.train;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.model.Model;

/**
 * Stops a run whose loss turns NaN or infinite and puts back the last parameters (and batch-norm running estimates)
 * whose loss was checked and finite. Every {@code interval} steps, and at each epoch's last step, it reads the epoch's
 * running loss sum between the forward pass and the update: a finite sum certifies the current parameters, which it
 * keeps in a device copy; a non-finite one restores that copy. It also works out each checked batch's own loss.
 *
 * <p>Not thread-safe: it owns device buffers of one training run.
 */
final class NonFiniteGuard implements AutoCloseable {
    private final Model model;
    private final Backend backend;
    private final int interval;
    private final Tensor lastGood;
    private final Tensor lastGoodState;
    /** The epoch's loss sum as last read, and the step before which it was read (to tell one batch's loss). */
    private double runningLoss;
    private long runningKnownBefore = -1;
    private double batchLoss = Double.NaN;

    /** Certifies the model's current parameters. */
    NonFiniteGuard(Model model, int interval) {
        this.model = model;
        this.backend = model.backend();
        this.interval = interval;
        this.lastGood = backend.allocate(1, model.parameters().size());
        this.lastGoodState = backend.allocate(1, Math.max(1, model.stateSize()));
        certify();
    }

    /** The epoch's sums start at {@code lossSum} before step {@code step} (0 at an epoch's start, or a resumed run's sum). */
    void startEpoch(double lossSum, long step) {
        runningLoss = lossSum;
        runningKnownBefore = step;
    }

    /** Whether step {@code step} is checked: every {@code interval} steps, and the epoch's last. */
    boolean checks(long step, boolean lastOfEpoch) {
        return step % interval == 0 || lastOfEpoch;
    }

    /**
     * Reads the running {@code lossSum} after the forward pass of step {@code step} over {@code count} samples. Finite:
     * keeps a copy of the current parameters and state, and returns true. Not finite: restores the last certified
     * parameters and state, and returns false.
     */
    boolean check(Tensor lossSum, long step, int count) {
        double sum = backend.readScalar(lossSum, 0);
        batchLoss = runningKnownBefore == step ? (sum - runningLoss) / count : Double.NaN;
        runningLoss = sum;
        runningKnownBefore = step + 1;
        if (!Double.isFinite(sum)) {
            backend.copy(lastGood, model.parameters());
            model.copyStateFrom(lastGoodState); // batch-norm running estimates of the same step
            return false;
        }
        certify();
        return true;
    }

    /** The loss sum read by the last {@link #check}. */
    double lastSum() {
        return runningLoss;
    }

    /** The mean loss of the batch of the last {@link #check}, or NaN when the sum before it was not read. */
    double lastBatchLoss() {
        return batchLoss;
    }

    private void certify() {
        backend.copy(model.parameters(), lastGood);
        model.copyStateTo(lastGoodState);
    }

    @Override
    public void close() {
        lastGood.close();
        lastGoodState.close();
    }
}
