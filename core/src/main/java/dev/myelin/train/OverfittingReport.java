package dev.myelin.train;

import dev.myelin.util.ArgumentChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Signs of overfitting in a finished {@link History}: the train–validation gap per epoch and
 * the epochs where validation loss rose while training loss fell.
 *
 * <p>Per epoch {@code e} (0-based, as in {@link History}):
 * <ul>
 *   <li>{@code lossGap[e] = val_loss[e] − loss[e]} (positive: the model does worse on unseen data);</li>
 *   <li>{@code accuracyGap[e] = accuracy[e] − val_accuracy[e]} for classifiers, else NaN;</li>
 *   <li>epoch {@code e ≥ window} is <em>diverging</em> when, over the last {@code window} epochs (default
 *       {@value #DEFAULT_WINDOW}), validation loss rose and training loss fell:
 *       {@code val_loss[e] > val_loss[e − window]} and {@code loss[e] < loss[e − window]}. Comparing
 *       epochs a window apart, not neighbours, keeps one noisy epoch from counting.</li>
 * </ul>
 * Overfitting is reported when a diverging window starts at or after the epoch {@code b} of the lowest validation
 * loss (some {@code e} diverging with {@code e − window ≥ b}): validation loss never got back to its minimum
 * while training loss went on falling (and ends below its value at that minimum). It began at the <em>onset</em> {@code b + 1}; epoch {@code b} is where
 * early stopping on {@code val_loss} keeps the weights, and {@link #validationRise()} = {@code val_loss[last] −
 * val_loss[b]} is what training on cost. Diverging epochs before the minimum are noise on the way down and
 * are counted, not reported as overfitting.
 *
 * <p>{@code loss} is the trainer's mean over the epoch's batches while the weights moved (with dropout
 * and augmentation on, and including any L1/L2 penalty), {@code val_loss} is measured after the epoch, so a
 * negative gap early in training, or with a strong penalty, is normal. Epochs in {@link #summary()} are 1-based, as printed by the progress logger.
 *
 * <p>Immutable (its arrays are copies and every accessor returns a copy); thread-safe.
 */
public final class OverfittingReport {
    /** Epochs between the two compared for a rise of validation loss and a fall of training loss. */
    public static final int DEFAULT_WINDOW = 3;

    private final int window;
    private final double[] loss;
    private final double[] valLoss;
    private final double[] lossGap;
    private final double[] accuracyGap;
    private final boolean hasAccuracy;
    private final boolean[] diverging;
    private final int onset;
    private final int bestValidationEpoch;
    private final String failure;

    private OverfittingReport(History history, int window, String failure) {
        ArgumentChecks.atLeast("overfitting window (epochs)", window, 1);
        if (!history.has("loss") || !history.has("val_loss")) {
            throw new IllegalArgumentException("the overfitting report needs 'loss' and 'val_loss' in the history (train with a validation set); recorded: "
                    + history.metricNames());
        }
        if (history.epochs() == 0) {
            throw new IllegalArgumentException("the overfitting report needs at least one epoch in the history, got 0");
        }
        this.window = window;
        this.loss = history.get("loss");
        this.valLoss = history.get("val_loss");
        int n = loss.length;
        this.hasAccuracy = history.has("accuracy") && history.has("val_accuracy");
        double[] acc = hasAccuracy ? history.get("accuracy") : null;
        double[] valAcc = hasAccuracy ? history.get("val_accuracy") : null;
        this.lossGap = new double[n];
        this.accuracyGap = new double[n];
        this.diverging = new boolean[n];
        for (int e = 0; e < n; e++) {
            lossGap[e] = valLoss[e] - loss[e];
            accuracyGap[e] = hasAccuracy ? acc[e] - valAcc[e] : Double.NaN;
            if (e >= window && valLoss[e] > valLoss[e - window] && loss[e] < loss[e - window]) {
                diverging[e] = true;
            }
        }
        this.bestValidationEpoch = history.bestEpoch("val_loss", true);
        int after = -1;
        for (int e = Math.max(window, bestValidationEpoch + window); bestValidationEpoch >= 0 && e < n; e++) {
            if (diverging[e]) {
                after = e;
                break;
            }
        }
        this.failure = failure;
        // training loss must also have gone on falling past the validation minimum: a run whose training loss ended
        // higher than it was there is unstable (a step too large), not overfitting
        boolean trainingKeptFalling = bestValidationEpoch >= 0 && loss[n - 1] < loss[bestValidationEpoch];
        this.onset = after < 0 || failure != null || !trainingKeptFalling ? -1 : bestValidationEpoch + 1;
    }

    /** The report with the default window of {@value #DEFAULT_WINDOW} epochs. */
    public static OverfittingReport of(History history) {
        return of(history, DEFAULT_WINDOW);
    }

    /** The report comparing epochs {@code window} (≥ 1) apart. */
    public static OverfittingReport of(History history, int window) {
        return new OverfittingReport(history, window, null);
    }

    /**
     * The report with the default window, unless {@code detector} finds that the run diverged or learnt nothing: then
     * {@link #overfitting()} is false and the summary says the run failed and why, since a rising validation loss of a
     * diverging run is not overfitting.
     */
    public static OverfittingReport of(History history, DivergenceDetector detector) {
        return new OverfittingReport(history, DEFAULT_WINDOW, detector.diagnose(history).orElse(null));
    }

    /** Why the run failed (diverged or chance level) when the report was made with a {@link DivergenceDetector}, else empty. */
    public java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** Epochs in the history. */
    public int epochs() {
        return loss.length;
    }

    /** Epochs between the two compared, ≥ 1. */
    public int window() {
        return window;
    }

    /** {@code val_loss − loss} per epoch. */
    public double[] lossGap() {
        return lossGap.clone();
    }

    /** {@code accuracy − val_accuracy} per epoch (a fraction, not percent); NaN when the history has no accuracies. */
    public double[] accuracyGap() {
        return accuracyGap.clone();
    }

    /** Whether the history had {@code accuracy} and {@code val_accuracy}. */
    public boolean hasAccuracy() {
        return hasAccuracy;
    }

    /** Per epoch, whether validation loss rose and training loss fell over the window ending there. */
    public boolean[] diverging() {
        return diverging.clone();
    }

    /** The diverging epochs, ascending. */
    public int[] divergingEpochs() {
        List<Integer> out = new ArrayList<>();
        for (int e = 0; e < diverging.length; e++) {
            if (diverging[e]) {
                out.add(e);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Number of diverging epochs. */
    public int divergingCount() {
        return divergingEpochs().length;
    }

    /** Epochs that could be checked: {@code max(0, epochs − window)}. */
    public int checkedEpochs() {
        return Math.max(0, loss.length - window);
    }

    /** Whether any epoch is diverging. */
    public boolean overfitting() {
        return onset >= 0;
    }

    /** The epoch overfitting began (see the class comment), if it did. */
    public OptionalInt onsetEpoch() {
        return onset < 0 ? OptionalInt.empty() : OptionalInt.of(onset);
    }

    /** {@code val_loss} of the last epoch minus the lowest {@code val_loss}, ≥ 0 (NaN if the last value is NaN). */
    public double validationRise() {
        return bestValidationEpoch < 0 ? Double.NaN : valLoss[loss.length - 1] - valLoss[bestValidationEpoch];
    }

    /** The epoch of the lowest validation loss over the whole run, −1 if every value is NaN. */
    public int bestValidationEpoch() {
        return bestValidationEpoch;
    }

    /** One paragraph for people: what the losses did, whether and when overfitting began, and the final gaps. */
    public String summary() {
        int n = loss.length;
        int last = n - 1;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Over %d epoch%s training loss went from %s to %s and validation loss from %s to %s",
                n, n == 1 ? "" : "s", Numbers.format(loss[0]), Numbers.format(loss[last]), Numbers.format(valLoss[0]), Numbers.format(valLoss[last])));
        if (bestValidationEpoch >= 0) {
            s.append(String.format(Locale.ROOT, " (lowest %s at epoch %d)", Numbers.format(valLoss[bestValidationEpoch]), bestValidationEpoch + 1));
        }
        s.append(". ");
        if (failure != null) {
            return s.append("No overfitting diagnosis: ").append(failure).append('.').toString();
        }
        if (overfitting()) {
            s.append(String.format(Locale.ROOT, "Overfitting began at epoch %d: validation loss has not returned to its minimum at epoch %d and has "
                    + "risen by %s since, while training loss kept falling; it rose while training loss fell (comparing epochs %d apart) at %d of "
                    + "%d epochs checked. ", onset + 1, onset, Numbers.format(validationRise()), window, divergingCount(), checkedEpochs()));
        } else if (checkedEpochs() == 0) {
            s.append(String.format(Locale.ROOT, "Too few epochs to look for overfitting (comparing epochs %d apart). ", window));
        } else if (divergingCount() > 0) {
            s.append(String.format(Locale.ROOT, "No sustained overfitting: validation loss rose while training loss fell (comparing epochs %d apart) at "
                    + "%d of %d epochs checked, but not after its minimum at epoch %d. ", window, divergingCount(), checkedEpochs(),
                    bestValidationEpoch + 1));
        } else {
            s.append(String.format(Locale.ROOT, "No overfitting detected: validation loss never rose while training loss fell (comparing epochs %d apart). ",
                    window));
        }
        s.append(String.format(Locale.ROOT, "At the last epoch the loss gap (validation − training) is %s", Numbers.format(lossGap[last])));
        if (hasAccuracy) {
            s.append(String.format(Locale.ROOT, " and the accuracy gap (training − validation) is %.2f percentage points", 100 * accuracyGap[last]));
        }
        s.append('.');
        if (overfitting()) {
            s.append(String.format(Locale.ROOT, " Early stopping on val_loss would keep epoch %d; more data, augmentation or regularisation narrow the gap.",
                    onset));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
