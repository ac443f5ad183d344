package dev.myelin.cli;

import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks every {@code myelin train} option before anything is loaded: each value in its range, and no option that would
 * have no effect in the chosen configuration (such an option is an error that says why, never silently ignored).
 * Throws {@link IllegalArgumentException} with a message naming the option; not thread-safe (one per run).
 */
final class TrainOptionsValidator {
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
        command.optimization.validate();
        command.device.validate();
        if (!(command.dropout >= 0 && command.dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be a probability in [0, 1), got " + command.dropout);
        }
        command.regularization.validate();
        noEffectChecks();
    }

    /** Options that are valid on their own but would do nothing in this configuration. */
    private void noEffectChecks() {
        if (command.optimization.isFullBatch()) {
            String name = command.optimization.optimizer.name();
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
        if (given("--lr") && command.optimization.optimizer.setsLearningRate()) {
            throw new IllegalArgumentException("--lr has no effect: --optimizer " + command.optimization.optimizer.text() + " sets the learning rate itself; give it once");
        }
        if (command.augment != null && builtIn != null && !builtIn.shape().images()) {
            throw new IllegalArgumentException("--augment transforms images, but --data " + builtIn + " has " + builtIn.shape().features()
                    + " features per sample, not an image; use it with digits, fashion-mnist or your own square images");
        }
        if (given("--min-delta") && command.regularization.patience == null) {
            throw new IllegalArgumentException("--min-delta has no effect without --early-stopping PATIENCE");
        }
        if (given("--l2-form") && command.regularization.l2 == 0) {
            throw new IllegalArgumentException("--l2-form has no effect without an L2 penalty: add --l2 LAMBDA");
        }
        if (command.network.hidden.isEmpty() && (command.batchNorm || command.dropout > 0)) {
            throw new IllegalArgumentException((command.batchNorm ? "--batch-norm" : "--dropout") + " has no effect without hidden layers (--hidden "
                    + command.network.hidden.text() + "): it acts between hidden layers");
        }
        if (command.network.loss != null && builtIn != null && builtIn.shape().classes() == 0 && command.network.loss.isClassification()) {
            throw new IllegalArgumentException("--loss " + command.network.loss + " is a classification loss, but --data " + builtIn
                    + " is a regression set; use mse, mae or huber");
        }
    }
}
