package dev.myelin.cli;

import dev.myelin.data.Dataset;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import picocli.CommandLine.Option;

/**
 * How {@code myelin train} splits its data, shared ({@code @Mixin}) with {@code myelin evaluate}, which must split the
 * same way to find the part train held out: {@code --split} and {@code --seed}.
 */
final class SplitOptions {

    @Option(names = "--split", defaultValue = "70/15/15", converter = SplitPercentages.Converter.class, description = "Train/validation/test percentages adding up to 100; train and validation > 0; evaluate: those train was given (default: ${DEFAULT-VALUE}).")
    SplitPercentages split;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, the weights and the shuffling; evaluate: the seed train was given (default: ${DEFAULT-VALUE}).")
    long seed;

    /**
     * Splits {@code loaded} by {@code --split}; with a separate test set, the data is split into train and validation only,
     * in the ratio of the first two percentages. Classification data is split stratified.
     */
    Split apply(LoadedData loaded) {
        Dataset all = loaded.data();
        if (loaded.hasSeparateTest()) {
            double sum = split.train() + split.validation();
            Split parts = parts(all, split.train() / sum, split.validation() / sum, 0);
            return new Split(parts.train(), parts.validation(), loaded.test());
        }
        return parts(all, split.train(), split.validation(), split.test());
    }

    private Split parts(Dataset all, double train, double validation, double test) {
        return all.isClassification() ? Splits.stratified(all, train, validation, test, seed) : Splits.random(all, train, validation, test, seed);
    }
}
