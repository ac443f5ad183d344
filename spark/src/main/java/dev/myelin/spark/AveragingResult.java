package dev.myelin.spark;

import dev.myelin.train.History;

import java.util.List;

/**
 * The outcome of {@link ParameterAveraging#fit}: the history per epoch as the driver recorded it ({@code loss}: the mean
 * of the mini-batch losses the partitions trained in the epoch; {@code val_loss}, {@code val_accuracy} or the regression
 * metrics of the averaged model) and the cost of every round. Immutable.
 */
public record AveragingResult(History history, List<RoundCost> rounds) {
    public AveragingResult {
        history = history.copy();
        rounds = List.copyOf(rounds);
    }

    @Override
    public History history() {
        return history.copy();
    }

    /** Mean wall time of a round on the driver, in seconds. */
    public double meanRoundSeconds() {
        return rounds.stream().mapToDouble(RoundCost::seconds).average().orElse(Double.NaN);
    }
}
