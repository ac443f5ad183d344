package dev.myelin.cli;

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

    private final TrainCommand command;
    private final ParseResult given;
    private final DataChoice builtIn;

    TrainOptionsValidator(TrainCommand command, ParseResult given) {
        this.command = command;
        this.given = given;
        this.builtIn = command.builtIn();
    }

    /** Whether the user wrote {@code option} on the command line (as opposed to its default). */
    private boolean given(String option) {
        return given != null && given.hasMatchedOption(option);
    }

    void validate() {
        atLeast("--epochs", command.epochs, 1);
        atLeast("--batch-size", command.batchSize, 1);
        atLeast("--threads", command.device.threads, 0);
        if (command.device.threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads " + command.device.threads + " is more worker threads than any machine can use (at most " + MAX_THREADS
                    + "); 0 uses one per core (" + Runtime.getRuntime().availableProcessors() + " here)");
        }
        positive("--lr", command.learningRate);
        if (!(command.dropout >= 0 && command.dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be a probability in [0, 1), got " + command.dropout);
        }
        nonNegative("--l1", command.regularization.l1);
        nonNegative("--l2", command.regularization.l2);
        nonNegative("--min-delta", command.regularization.minDelta);
        if (command.regularization.clipValue != null) {
            positive("--clip-value", command.regularization.clipValue);
        }
        if (command.regularization.clipNorm != null) {
            positive("--clip-norm", command.regularization.clipNorm);
        }
        if (command.regularization.patience != null) {
            atLeast("--early-stopping", command.regularization.patience, 0);
        }
        SplitPercentages.parse(command.splitting.split);
        List<NetworkOption.HiddenLayer> hidden = NetworkOption.parse("--hidden", command.hidden);
        if (command.loss != null) {
            Loss.parse(command.loss);
        }
        noEffectChecks(hidden);
        if (command.isFullBatch()) {
            Minimizers.parse(command.optimizer);
        } else {
            Optimizers.parse(command.optimizer, command.learningRate);
            Schedules.parse(command.schedule);
        }
        if (command.augment != null) {
            if (command.augment.isBlank()) {
                throw new IllegalArgumentException("--augment is empty: give augmentations such as shift:1,rotate:10, or leave the option out");
            }
            AugmentOption.parse(command.augment, dev.myelin.data.augment.ImageShape.square(builtIn != null ? (int) Math.round(Math.sqrt(builtIn.features())) : 1));
        }
    }

    /** Options that are valid on their own but would do nothing in this configuration. */
    private void noEffectChecks(List<NetworkOption.HiddenLayer> hidden) {
        if (command.isFullBatch()) {
            String name = command.optimizer.trim().toLowerCase(Locale.ROOT).split(":", 2)[0];
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
        if (given("--lr") && LR_KEY.matcher(command.optimizer).find()) {
            throw new IllegalArgumentException("--lr has no effect: --optimizer " + command.optimizer + " sets the learning rate itself; give it once");
        }
        if (command.augment != null && builtIn != null && !builtIn.images()) {
            throw new IllegalArgumentException("--augment transforms images, but --data " + builtIn + " has " + builtIn.features()
                    + " features per sample, not an image; use it with digits, fashion-mnist or your own square images");
        }
        if (given("--min-delta") && command.regularization.patience == null) {
            throw new IllegalArgumentException("--min-delta has no effect without --early-stopping PATIENCE");
        }
        if (given("--l2-form") && command.regularization.l2 == 0) {
            throw new IllegalArgumentException("--l2-form has no effect without an L2 penalty: add --l2 LAMBDA");
        }
        if (hidden.isEmpty() && (command.batchNorm || command.dropout > 0)) {
            throw new IllegalArgumentException((command.batchNorm ? "--batch-norm" : "--dropout") + " has no effect without hidden layers (--hidden "
                    + command.hidden + "): it acts between hidden layers");
        }
        if (command.loss != null && builtIn != null && builtIn.classes() == 0 && Loss.parse(command.loss).isClassification()) {
            throw new IllegalArgumentException("--loss " + command.loss + " is a classification loss, but --data " + builtIn
                    + " is a regression set; use mse, mae or huber");
        }
    }
}
