package dev.myelin.examples.cli;

import static dev.myelin.util.ArgumentChecks.atLeast;
import static dev.myelin.util.ArgumentChecks.nonNegative;
import static dev.myelin.util.ArgumentChecks.positive;

import dev.myelin.loss.Loss;
import dev.myelin.optim.Optimizers;
import dev.myelin.optim.fullbatch.Minimizers;
import dev.myelin.schedule.Schedules;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks every {@code myelin train} option before anything is loaded: each value in its range, and no option that would
 * have no effect in the chosen configuration (such an option is an error that says why, never silently ignored).
 * Throws {@link IllegalArgumentException} with a message naming the option; not thread-safe (one per run).
 */
final class TrainOptionsValidator {
    private static final Pattern LR_KEY = Pattern.compile("(^|[:,])\\s*(lr|learning_rate)\\s*=", Pattern.CASE_INSENSITIVE);

    /** Most CPU worker threads {@code --threads} accepts. */
    static final int MAX_THREADS = 1024;

    private final TrainCommand c;
    private final ParseResult given;
    private final DataChoice builtIn;

    TrainOptionsValidator(TrainCommand command, ParseResult given) {
        this.c = command;
        this.given = given;
        this.builtIn = command.builtIn();
    }

    /** Whether the user wrote {@code option} on the command line (as opposed to its default). */
    private boolean given(String option) {
        return given != null && given.hasMatchedOption(option);
    }

    void validate() {
        atLeast("--epochs", c.epochs, 1);
        atLeast("--batch-size", c.batchSize, 1);
        atLeast("--threads", c.threads, 0);
        if (c.threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads " + c.threads + " is more worker threads than any machine can use (at most " + MAX_THREADS
                    + "); 0 uses one per core (" + Runtime.getRuntime().availableProcessors() + " here)");
        }
        positive("--lr", c.learningRate);
        if (!(c.dropout >= 0 && c.dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be a probability in [0, 1), got " + c.dropout);
        }
        nonNegative("--l1", c.l1);
        nonNegative("--l2", c.l2);
        nonNegative("--min-delta", c.minDelta);
        if (c.clipValue != null) {
            positive("--clip-value", c.clipValue);
        }
        if (c.clipNorm != null) {
            positive("--clip-norm", c.clipNorm);
        }
        if (c.patience != null) {
            atLeast("--early-stopping", c.patience, 0);
        }
        oneOf("--l2-form", c.l2Form, "plain", "half-over-batch", "half_over_batch");
        oneOf("--precision", c.precision, "f32", "float32", "f64", "float64");
        oneOf("--normalize", c.normalize, "standard", "pixel-standard", "minmax", "none");
        SplitOption.parse(c.split);
        List<NetworkOption.HiddenLayer> hidden = NetworkOption.parse("--hidden", c.hidden);
        if (c.loss != null) {
            Loss.parse(c.loss);
        }
        noEffectChecks(hidden);
        if (c.isFullBatch()) {
            Minimizers.parse(c.optimizer);
        } else {
            Optimizers.parse(c.optimizer, c.learningRate);
            Schedules.parse(c.schedule);
        }
        if (c.augment != null) {
            if (c.augment.isBlank()) {
                throw new IllegalArgumentException("--augment is empty: give augmentations such as shift:1,rotate:10, or leave the option out");
            }
            AugmentOption.parse(c.augment, dev.myelin.data.augment.ImageShape.square(builtIn != null ? (int) Math.round(Math.sqrt(builtIn.features())) : 1));
        }
    }

    /** Options that are valid on their own but would do nothing in this configuration. */
    private void noEffectChecks(List<NetworkOption.HiddenLayer> hidden) {
        if (c.isFullBatch()) {
            String name = c.optimizer.trim().toLowerCase(Locale.ROOT).split(":", 2)[0];
            List<String> ignored = new ArrayList<>();
            for (String option : new String[] {"--epochs", "--lr", "--schedule", "--batch-size", "--augment", "--early-stopping", "--min-delta",
                    "--clip-norm", "--clip-value", "--monitor"}) {
                if (given(option)) {
                    ignored.add(option);
                }
            }
            if (!ignored.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", ignored) + (ignored.size() == 1 ? " has" : " have")
                        + " no effect with the full-batch optimizer " + name + ", which minimises the loss over the whole training set until it"
                        + " converges (no epochs, mini-batches, schedule, augmentation, early stopping or clipping); set its iterations and"
                        + " step in the optimizer, e.g. --optimizer " + name + ":max_iter=200,lr=1, or choose a mini-batch optimizer such as adam");
            }
        }
        if (given("--lr") && LR_KEY.matcher(c.optimizer).find()) {
            throw new IllegalArgumentException("--lr has no effect: --optimizer " + c.optimizer + " sets the learning rate itself; give it once");
        }
        if (c.augment != null && builtIn != null && !builtIn.images()) {
            throw new IllegalArgumentException("--augment transforms images, but --data " + builtIn + " has " + builtIn.features()
                    + " features per sample, not an image; use it with digits, fashion-mnist or your own square images");
        }
        if (given("--min-delta") && c.patience == null) {
            throw new IllegalArgumentException("--min-delta has no effect without --early-stopping PATIENCE");
        }
        if (given("--l2-form") && c.l2 == 0) {
            throw new IllegalArgumentException("--l2-form has no effect without an L2 penalty: add --l2 LAMBDA");
        }
        if (hidden.isEmpty() && (c.batchNorm || c.dropout > 0)) {
            throw new IllegalArgumentException((c.batchNorm ? "--batch-norm" : "--dropout") + " has no effect without hidden layers (--hidden "
                    + c.hidden + "): it acts between hidden layers");
        }
        if (c.loss != null && builtIn != null && builtIn.classes() == 0 && Loss.parse(c.loss).isClassification()) {
            throw new IllegalArgumentException("--loss " + c.loss + " is a classification loss, but --data " + builtIn
                    + " is a regression set; use mse, mae or huber");
        }
    }

    private static void oneOf(String option, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return;
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + String.join(", ", allowed) + "; got '" + value + "'");
    }
}
