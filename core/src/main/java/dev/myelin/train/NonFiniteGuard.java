package dev.myelin.train;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.model.Model;
import dev.myelin.nn.NamedTensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a run whose loss turns NaN or infinite at the model of its last finite step, and tells the host when to stop.
 * Nothing of the size of the parameters is copied: a step whose running loss sum is not finite applies no update
 * ({@link TrainingStep#update} makes its gradient scale non-finite on the device, and every optimiser step skips such
 * a step). What the forward pass itself changes, the batch-norm running estimates (a few numbers per feature), is
 * kept here: copied on the device before each forward pass and put back on the device after it when the loss sum is
 * not finite. Every {@code interval} steps, and at each epoch's last step, the host reads the running loss sum
 * ({@link #check}) to stop the run; the steps between a non-finite loss and that read change nothing. It also works
 * out each checked batch's own loss.
 *
 * <p>Not thread-safe: it owns device buffers of one training run.
 */
final class NonFiniteGuard implements AutoCloseable {
    private final Backend backend;
    private final int interval;
    /** The model's running estimates, {@code [1, S]}, as the current step found them; null without stateful layers. */
    private final Tensor savedState;
    /** Each state tensor of the model, and its slice of {@link #savedState}. */
    private final List<Tensor> state = new ArrayList<>();
    private final List<Tensor> saved = new ArrayList<>();
    /** The epoch's loss sum as last read, and the step before which it was read (to tell one batch's loss). */
    private double runningLoss;
    private long runningKnownBefore = -1;
    private double batchLoss = Double.NaN;

    /** For a run on {@code model}, reading the loss sum every {@code interval} steps. */
    NonFiniteGuard(Model model, int interval) {
        this.backend = model.backend();
        this.interval = interval;
        int size = model.stateSize();
        this.savedState = size == 0 ? null : backend.allocate(1, size);
        long offset = 0;
        for (NamedTensor named : model.stateTensors()) {
            Tensor t = named.tensor();
            state.add(t);
            saved.add(backend.view(savedState, offset, t.rows(), t.cols()));
            offset += t.size();
        }
    }

    /** Before a step's forward pass: keeps the running estimates it starts from (device copies, nothing read back). */
    void beforeForward() {
        for (int i = 0; i < state.size(); i++) {
            backend.copy(state.get(i), saved.get(i));
        }
    }

    /** After a step's forward pass: puts those running estimates back, on the device, when {@code lossSum [1, 1]} is not finite. */
    void afterForward(Tensor lossSum) {
        for (int i = 0; i < state.size(); i++) {
            backend.copyIfNonFinite(lossSum, saved.get(i), state.get(i));
        }
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
     * Reads the running {@code lossSum} after the forward pass of step {@code step} over {@code count} samples: true when
     * it is finite; false when it is not, and then the model is that of the last step with a finite loss.
     */
    boolean check(Tensor lossSum, long step, int count) {
        double sum = backend.readScalar(lossSum, 0);
        batchLoss = runningKnownBefore == step ? (sum - runningLoss) / count : Double.NaN;
        runningLoss = sum;
        runningKnownBefore = step + 1;
        return Double.isFinite(sum);
    }

    /** The loss sum read by the last {@link #check}. */
    double lastSum() {
        return runningLoss;
    }

    /** The mean loss of the batch of the last {@link #check}, or NaN when the sum before it was not read. */
    double lastBatchLoss() {
        return batchLoss;
    }

    @Override
    public void close() {
        if (savedState != null) {
            savedState.close();
        }
    }
}
