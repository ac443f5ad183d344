package dev.myelin.cli;

import dev.myelin.train.Evaluation;
import dev.myelin.tune.Direction;

import java.util.Locale;

/** {@code myelin search --metric}: the validation score that ranks the trials, with the direction that is better. */
enum SearchMetric {
    /** The validation accuracy, maximised: the default for classification. */
    VAL_ACCURACY,
    /** The validation loss, minimised: the default for regression. */
    VAL_LOSS;

    /** The metric's name in a training history ({@code val_accuracy}), as each epoch reports it. */
    String historyName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a higher or a lower score is better. */
    Direction direction() {
        return switch (this) {
            case VAL_ACCURACY -> Direction.MAXIMIZE;
            case VAL_LOSS -> Direction.MINIMIZE;
        };
    }

    /** This metric of {@code evaluation}. */
    double of(Evaluation evaluation) {
        return switch (this) {
            case VAL_ACCURACY -> evaluation.accuracy();
            case VAL_LOSS -> evaluation.loss();
        };
    }

    /** The command-line names, for the help. */
    static final class Names extends Choices.Names<SearchMetric> {
        Names() {
            super(SearchMetric.class);
        }
    }
}
