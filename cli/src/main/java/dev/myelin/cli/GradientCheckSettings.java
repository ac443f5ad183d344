package dev.myelin.cli;

import static dev.myelin.util.ArgumentChecks.atLeast;
import static dev.myelin.util.ArgumentChecks.positive;

import dev.myelin.gradcheck.GradientCheckOptions;
import picocli.CommandLine.Option;

/**
 * How {@code myelin gradcheck} checks ({@code @Mixin}): the random batch ({@code --batch}, {@code --seed}), the
 * central-difference step ({@code --epsilon}), the pass threshold and how many parameters to check.
 */
final class GradientCheckSettings {

    @Option(names = "--batch", defaultValue = "5", description = "Samples in the random batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epsilon", defaultValue = "1e-5", description = "Central-difference step ε (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--threshold", defaultValue = "1e-7", description = "Pass threshold of the relative error (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--max-params", defaultValue = "0", description = "Check at most this many parameters, 0 = all (default: ${DEFAULT-VALUE}).")
    int maxParams;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights and the random batch (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Every value in range; {@code width}, the most values per sample, bounds the batch (one array holds it). */
    void validate(int width) {
        atLeast("--batch", batch, 1);
        atLeast("--max-params", maxParams, 0);
        positive("--epsilon", epsilon);
        positive("--threshold", threshold);
        if ((long) batch * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--batch " + batch + " of " + width + " values per sample is too large for one array");
        }
    }

    /** The checker's options: this step, threshold and parameter limit. */
    GradientCheckOptions options() {
        return GradientCheckOptions.defaults().withEpsilon(epsilon).withMaxRelativeError(threshold).withMaxParameters(maxParams);
    }
}
