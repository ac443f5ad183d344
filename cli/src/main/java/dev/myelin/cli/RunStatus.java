package dev.myelin.cli;

import dev.myelin.train.Callback;
import dev.myelin.train.TrainingContext;

import java.io.PrintStream;
import java.util.Map;

/**
 * What the command is doing right now, so that an interrupted run (Ctrl-C) can say where it stopped: the JVM exits
 * with status 130 after its shutdown hooks, and {@link #installInterruptMessage} adds the hook that prints
 * {@code myelin: interrupted ...}. Thread-safe: one volatile field written by the run, read by the hook.
 */
final class RunStatus {
    private static volatile String status = "starting";
    private static volatile boolean finished;
    private static final String NOTHING_SAVED = "nothing was saved";
    private static volatile String onInterrupt = NOTHING_SAVED;

    private RunStatus() {
    }

    /** Records what the run is doing, e.g. "loading --data digits". */
    static void set(String what) {
        status = what;
    }

    static String current() {
        return status;
    }

    /**
     * Says what an interruption from now on keeps, e.g. "a checkpoint is written to DIR"; null returns to
     * "nothing was saved".
     */
    static void onInterruptKeeps(String what) {
        onInterrupt = what == null ? NOTHING_SAVED : what;
    }

    /** Marks the command as finished: a later exit is no interruption. */
    static void finished() {
        finished = true;
    }

    /**
     * Prints {@code myelin: interrupted (Ctrl-C) <status>; ... nothing was saved} (or what {@link #onInterruptKeeps} said) to {@code err} when the JVM shuts down
     * before {@link #finished()} (a signal: the JVM exits with 128 + signal number, 130 for SIGINT).
     */
    static void installInterruptMessage(PrintStream err) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!finished) {
                err.println();
                err.println("myelin: interrupted (Ctrl-C or a termination signal) " + status + "; the run was stopped and " + onInterrupt);
                err.flush();
            }
        }, "myelin-interrupt-message"));
    }

    /** Keeps {@link #current()} at the epoch and batch being trained. */
    static final class Tracker implements Callback {
        @Override
        public void onBatchStart(TrainingContext context, int epoch, int batch) {
            if (batch == 0) {
                status = "during training, in epoch " + (epoch + 1) + "/" + context.epochs();
            }
        }

        @Override
        public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
            status = "during training, after epoch " + (epoch + 1) + "/" + context.epochs();
        }
    }
}
