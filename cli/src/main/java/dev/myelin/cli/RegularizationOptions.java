package dev.myelin.cli;

import static dev.myelin.util.ArgumentChecks.atLeast;
import static dev.myelin.util.ArgumentChecks.nonNegative;
import static dev.myelin.util.ArgumentChecks.positive;

import dev.myelin.regularization.Regularization;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.Trainer;
import picocli.CommandLine.Option;

/**
 * The options of {@code myelin train} against overfitting and unstable steps ({@code @Mixin}): the L1/L2 penalty and its
 * form, gradient clipping and early stopping. {@link #validate()} checks their ranges.
 */
final class RegularizationOptions {

    @Option(names = "--l1", defaultValue = "0", description = "L1 penalty λ on the weights (default: ${DEFAULT-VALUE}).")
    double l1;

    @Option(names = "--l2", defaultValue = "0", description = "L2 penalty λ·‖W‖² on the weights (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--l2-form", defaultValue = "plain", completionCandidates = L2FormNames.class,
            description = "Form of the L2 penalty, one of ${COMPLETION-CANDIDATES}: λ‖W‖² or λ/2m·‖W‖² (default: ${DEFAULT-VALUE}).")
    Regularization.L2Form l2Form;

    @Option(names = "--clip-value", description = "Clip every gradient element to [-v, v].")
    Double clipValue;

    @Option(names = "--clip-norm", description = "Clip the gradient's global L2 norm to n.")
    Double clipNorm;

    @Option(names = "--early-stopping", description = "Stop after PATIENCE consecutive epochs in which val_loss did not improve (as Keras and PyTorch Lightning count: 20 stops at the 20th such epoch, 0 at the first), and restore the best epoch's weights.")
    Integer patience;

    @Option(names = "--min-delta", defaultValue = "0", description = "Smallest val_loss improvement early stopping counts; needs --early-stopping (default: ${DEFAULT-VALUE}).")
    double minDelta;

    /** The command-line names of core's {@link Regularization.L2Form}, for the help. */
    static final class L2FormNames extends Choices.Names<Regularization.L2Form> {
        L2FormNames() {
            super(Regularization.L2Form.class);
        }
    }

    /** Every value in range: penalties and the smallest improvement >= 0, clipping thresholds > 0, patience >= 0. */
    void validate() {
        nonNegative("--l1", l1);
        nonNegative("--l2", l2);
        nonNegative("--min-delta", minDelta);
        if (clipValue != null) {
            positive("--clip-value", clipValue);
        }
        if (clipNorm != null) {
            positive("--clip-norm", clipNorm);
        }
        if (patience != null) {
            atLeast("--early-stopping", patience, 0);
        }
    }

    /** The weight penalty of {@code --l1}, {@code --l2} and {@code --l2-form}. */
    Regularization penalty() {
        return new Regularization(l1, l2, l2Form, false);
    }

    /** Adds the clipping and early stopping asked for to {@code builder}. */
    void addTo(Trainer.Builder builder) {
        if (clipValue != null) {
            builder.clipByValue(clipValue);
        }
        if (clipNorm != null) {
            builder.clipByGlobalNorm(clipNorm);
        }
        if (patience != null) {
            builder.callback(new EarlyStopping("val_loss", minDelta, patience, true));
        }
    }
}
