package dev.myelin.spark;

import dev.myelin.train.Callback;
import dev.myelin.train.TrainingContext;
import dev.myelin.train.TrainingState;

/**
 * Ends a partition's round after a given number of mini-batches: takes the trainer's snapshot right after that
 * batch's optimiser step (so the next round continues with the next batch) and asks the trainer to stop. Also sums the
 * batch losses the trainer has read. One per round; used by the training thread only.
 */
final class RoundStop implements Callback {
    private int remaining;
    private TrainingState snapshot;
    private double lossSum;
    private int lossCount;

    RoundStop(int steps) {
        this.remaining = steps;
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, int batch) {
        context.batchLoss().ifPresent(loss -> {
            lossSum += loss;
            lossCount++;
        });
        if (--remaining == 0) {
            snapshot = context.snapshot();
            context.requestStop("the round's mini-batches are done");
        }
    }

    /** The state after the round's last mini-batch. */
    TrainingState snapshot() {
        if (snapshot == null) {
            throw new IllegalStateException("the partition's trainer ended " + remaining + " mini-batches before the end of the round");
        }
        return snapshot;
    }

    double lossSum() {
        return lossSum;
    }

    int lossCount() {
        return lossCount;
    }
}
