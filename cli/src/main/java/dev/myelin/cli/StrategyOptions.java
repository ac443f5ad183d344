package dev.myelin.cli;

import dev.myelin.tune.Strategy;
import picocli.CommandLine.Option;

/**
 * How {@code myelin search} picks and prunes its trials ({@code @Mixin}): {@code --strategy} and the budgets of the
 * strategies, {@code --trials} (random, ASHA), {@code --min-epochs} and {@code --reduction} (ASHA).
 */
final class StrategyOptions {

    /** The strategies by their command-line names (read through {@link Choices}). */
    enum Kind {
        GRID, RANDOM, ASHA;

        /** The command-line names, for the help. */
        static final class Names extends Choices.Names<Kind> {
            Names() {
                super(Kind.class);
            }
        }
    }

    @Option(names = "--strategy", defaultValue = "random", completionCandidates = Kind.Names.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--trials", defaultValue = "20", description = "Trials of random search and ASHA (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--min-epochs", defaultValue = "1", description = "ASHA's first rung, in epochs (default: ${DEFAULT-VALUE}).")
    int minEpochs;

    @Option(names = "--reduction", defaultValue = "3", description = "ASHA keeps the best 1/reduction of each rung (default: ${DEFAULT-VALUE}).")
    int reduction;

    /** The strategy these options name; its own checks reject budgets out of range. */
    Strategy strategy() {
        return switch (kind) {
            case GRID -> new Strategy.Grid();
            case RANDOM -> new Strategy.Random(trials);
            case ASHA -> new Strategy.Asha(trials, minEpochs, reduction);
        };
    }

    /** {@code s} in words, for the search's first line: "ASHA (27 trials, rungs from 1 epochs, keeping 1/3)". */
    static String describe(Strategy s) {
        if (s instanceof Strategy.Asha a) {
            return "ASHA (" + a.trials() + " trials, rungs from " + a.minEpochs() + " epochs, keeping 1/" + a.reduction() + ")";
        }
        return s instanceof Strategy.Random r ? "random search (" + r.trials() + " trials)" : "grid search";
    }
}
