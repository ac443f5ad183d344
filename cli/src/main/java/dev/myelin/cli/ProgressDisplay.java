package dev.myelin.cli;

import dev.myelin.train.Callback;
import dev.myelin.train.ProgressListener;
import dev.myelin.train.TrainingContext;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress of long work on the command line: inside each training epoch (batches) and through a gradient check
 * (parameters). On a terminal, a progress bar with rate and ETA on standard error (me.tongfei:progressbar), cleared when
 * the task ends; otherwise (a pipe, a log file, a test) a plain line every {@link #PLAIN_INTERVAL_NANOS} of work, so
 * short tasks print nothing extra. One task at a time; not thread-safe.
 */
final class ProgressDisplay implements Callback, ProgressListener {
    /** Time between plain progress lines. */
    static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintStream terminal;
    private final Consumer<String> plain;
    private final LongSupplier clock;
    private final long interval;
    private ProgressBar bar;
    private String task = "";
    private long started;
    private long lastLine;
    private long total = -1;
    private boolean timed;

    private ProgressDisplay(PrintStream terminal, Consumer<String> plain, LongSupplier clock, long interval) {
        this.terminal = terminal;
        this.plain = plain;
        this.clock = clock;
        this.interval = interval;
    }

    /** Bars on {@code System.err} when the JVM runs on a terminal, else plain lines to {@code lines}. */
    static ProgressDisplay forConsole(Consumer<String> lines) {
        return System.console() != null ? new ProgressDisplay(System.err, null, System::nanoTime, 0)
                : plain(lines, System::nanoTime, PLAIN_INTERVAL_NANOS);
    }

    /** Plain lines to {@code lines} at most every {@code intervalNanos} of {@code clock}. */
    static ProgressDisplay plain(Consumer<String> lines, LongSupplier clock, long intervalNanos) {
        return new ProgressDisplay(null, lines, clock, intervalNanos);
    }

    /** Names the next task, e.g. "gradient check"; the unit is what {@link #progress} counts. */
    void start(String name) {
        finish();
        task = name;
        total = -1;
        started = clock.getAsLong(); // the task's time counts from here: its first unit is part of it
        lastLine = started;
        timed = true;
    }

    @Override
    public void progress(long done, long newTotal) {
        if (total != newTotal) {
            begin(newTotal);
        }
        if (bar != null) {
            bar.stepTo(done);
        } else {
            long now = clock.getAsLong();
            if (now - lastLine >= interval && done < total) {
                lastLine = now;
                double seconds = (now - started) / 1e9;
                double rate = seconds > 0 ? done / seconds : 0;
                String eta = rate > 0 ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate) : "";
                plain.accept(String.format(Locale.ROOT, "  %s: %,d/%,d (%.0f%%), %.1f/s%s", task, done, total, 100.0 * done / total, rate, eta));
            }
        }
        if (done >= total) {
            finish();
        }
    }

    private void begin(long newTotal) {
        finish();
        total = newTotal;
        if (!timed) {
            started = clock.getAsLong();
            lastLine = started;
        }
        timed = false;
        if (terminal != null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(newTotal).setStyle(ProgressBarStyle.ASCII).showSpeed()
                    .setUpdateIntervalMillis(250).clearDisplayOnFinish().setConsumer(new ConsoleProgressBarConsumer(terminal)).build();
        }
    }

    private void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void onEpochStart(TrainingContext context, int epoch) {
        start(String.format(Locale.ROOT, "epoch %d/%d batches", epoch + 1, context.epochs()));
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, int batch) {
        progress(batch + 1, context.batchesPerEpoch());
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
        finish();
    }
}
