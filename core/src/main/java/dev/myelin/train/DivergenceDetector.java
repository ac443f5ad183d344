package dev.myelin.train;

import dev.myelin.data.Dataset;
import dev.myelin.model.Model;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a finished training run failed: it <em>diverged</em> or it learnt nothing. Such a run must be
 * reported as a failure with its likely causes, never read as overfitting.
 *
 * <p>A run failed when any of these holds:
 * <ol>
 *   <li>the loss became NaN or infinite ({@link History#lossBecameNonFinite()}, or a non-finite recorded
 *       {@code loss}/{@code val_loss});</li>
 *   <li>the last epoch's training {@code loss} is more than {@link #RISE_FACTOR} times the loss before training
 *       ({@code startLoss});</li>
 *   <li>the last epoch's {@code val_loss} (or {@code loss} without a validation set) is not below the loss of the best
 *       constant predictor ({@link ConstantBaseline}), i.e. chance level.</li>
 * </ol>
 * An unknown start or baseline (NaN) skips its check. Immutable; thread-safe.
 */
public final class DivergenceDetector {
    /** How many times its starting value the training loss may end at before the run counts as diverged. */
    public static final double RISE_FACTOR = 10;

    private static final String CAUSES = "likely causes: a learning rate too high (try one 10x lower), inputs not normalised,"
            + " or gradients that need clipping (--clip-norm)";

    private final double startLoss;
    private final double baselineLoss;

    /**
     * @param startLoss    mean loss on the training set before the first step, NaN if unknown
     * @param baselineLoss loss of the best constant predictor ({@link ConstantBaseline#loss}), NaN if unknown
     */
    public DivergenceDetector(double startLoss, double baselineLoss) {
        this.startLoss = startLoss;
        this.baselineLoss = baselineLoss;
    }

    /**
     * Measures the start loss of {@code model} on {@code train} (one forward pass, nothing changes) and the constant
     * baseline of {@code train}: call it before training.
     */
    public static DivergenceDetector before(Model model, Dataset train) {
        double start = train.size() == 0 ? Double.NaN : Evaluator.evaluate(model, train).loss();
        return new DivergenceDetector(start, ConstantBaseline.loss(train, model.loss()));
    }

    /** The loss before training, NaN if unknown. */
    public double startLoss() {
        return startLoss;
    }

    /** The constant predictor's loss, NaN if unknown. */
    public double baselineLoss() {
        return baselineLoss;
    }

    /** Why the run recorded in {@code history} failed, with its likely causes; empty when it did not. */
    public Optional<String> diagnose(History history) {
        if (history.lossBecameNonFinite()) {
            return Optional.of("training diverged: " + history.stopReason().orElse("the loss became non-finite") + "; " + CAUSES);
        }
        if (history.epochs() == 0) {
            return Optional.empty();
        }
        if (history.has("val_loss") && Double.isNaN(history.last("val_loss"))) {
            return Optional.of("training diverged: the last epoch's validation loss is NaN; " + CAUSES);
        }
        return diagnose(history.has("loss") ? history.last("loss") : Double.NaN, history.has("val_loss") ? history.last("val_loss") : Double.NaN);
    }

    /**
     * Why a run that ended at training loss {@code loss} and validation loss {@code valLoss} (NaN: no validation set)
     * failed, with its likely causes; empty when it did not. For runs without a {@link History}, e.g. full-batch minimisers.
     */
    public Optional<String> diagnose(double loss, double valLoss) {
        boolean validation = !Double.isNaN(valLoss);
        if (!Double.isFinite(loss) || (validation && !Double.isFinite(valLoss))) {
            return Optional.of(String.format(Locale.ROOT, "training diverged: the last epoch's loss is %s (validation %s); %s",
                    Numbers.format(loss), Numbers.format(valLoss), CAUSES));
        }
        if (Double.isFinite(startLoss) && loss > RISE_FACTOR * startLoss) {
            return Optional.of(String.format(Locale.ROOT, "training diverged: the training loss rose from %s before training to %s"
                    + " (more than %.0fx); %s", Numbers.format(startLoss), Numbers.format(loss), RISE_FACTOR, CAUSES));
        }
        double judged = validation ? valLoss : loss;
        if (Double.isFinite(baselineLoss) && judged >= baselineLoss) {
            return Optional.of(String.format(Locale.ROOT, "training failed: the final %s loss %s is no better than %s, the loss of a constant"
                            + " predictor that ignores the inputs (chance level); %s, or too few epochs / a learning rate too low to learn anything",
                    validation ? "validation" : "training", Numbers.format(judged), Numbers.format(baselineLoss), CAUSES));
        }
        return Optional.empty();
    }
}
