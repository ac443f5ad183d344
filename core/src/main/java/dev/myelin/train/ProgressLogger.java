package dev.myelin.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Prints one line per epoch: epoch number, the epoch's overall metrics (not the per-layer ones), and the time it took;
 * and, at the end, why training stopped early if it did.
 *
 * <p>Not thread-safe: it times the current epoch; use one instance per {@link Trainer#fit} at a time.
 */
public final class ProgressLogger implements Callback {
    private final Consumer<String> out;
    private long epochStart;

    /** Prints to {@code out}. */
    public ProgressLogger(PrintStream out) {
        this(out::println);
    }

    /** Sends each line to {@code sink}. */
    public ProgressLogger(Consumer<String> sink) {
        this.out = sink;
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        epochStart = System.nanoTime();
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width(context.epochs()) + "d/%d", epoch + 1, context.epochs()));
        metrics.forEach((name, value) -> {
            if (!name.contains("/")) { // per-layer monitoring metrics go to the history, not the progress line
                line.append(String.format(Locale.ROOT, "  %s %s", name, format(name, value)));
            }
        });
        line.append(String.format(Locale.ROOT, "  (%.2f s)", (System.nanoTime() - epochStart) / 1e9));
        out.accept(line.toString());
    }

    @Override
    public void onTrainEnd(TrainingContext context, History history) {
        history.stopReason().ifPresent(reason -> out.accept("training stopped early: " + reason));
    }

    private static int width(int epochs) {
        return Integer.toString(epochs).length();
    }

    private static String format(String name, double value) {
        if (name.equals("lr")) {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        return Numbers.format(value);
    }
}
