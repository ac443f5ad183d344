package dev.myelin.cli;

import dev.myelin.train.Evaluation;
import dev.myelin.tune.Direction;

/** {@code myelin search --metric}: the validation score that ranks the trials, with the direction that is better. */
enum SearchMetric {
    /** The validation accuracy, maximised: the default for classification. */
    VAL_ACCURACY("val_accuracy", Direction.MAXIMIZE),
    /** The validation loss, minimised: the default for regression. */
    VAL_LOSS("val_loss", Direction.MINIMIZE);

    private final String historyName;
    private final Direction direction;

    SearchMetric(String historyName, Direction direction) {
        this.historyName = historyName;
        this.direction = direction;
    }

    /** The metric's name in a training history ({@code val_accuracy}), as each epoch reports it. */
    String historyName() {
        return historyName;
    }

    /** Whether a higher or a lower score is better. */
    Direction direction() {
        return direction;
    }

    /** This metric of {@code evaluation}. */
    double of(Evaluation evaluation) {
        return switch (this) {
            case VAL_ACCURACY -> evaluation.accuracy();
            case VAL_LOSS -> evaluation.loss();
        };
    }
}
