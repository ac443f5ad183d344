package dev.myelin.modelfile;

import dev.myelin.train.Callback;
import dev.myelin.train.History;
import dev.myelin.train.TrainingContext;
import dev.myelin.train.TrainingState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes training checkpoints ({@link Checkpoint}) into a folder: every {@code every} epochs, keeping the newest
 * {@code keep} (older ones are deleted), and, when a metric is monitored, {@value #BEST} whenever it reaches a new
 * best. On {@link #saveAndStop()} (e.g. from a Ctrl-C handler) it writes a checkpoint after the batch in progress,
 * which resumes mid-epoch, and stops the run. Every write is atomic: a crash leaves the previous checkpoints intact.
 * Add it last among the trainer's callbacks, so that the states it saves include the others' updates of the epoch.
 *
 * <p>Thread-safety: used by the training thread; {@link #saveAndStop()} may be called from any thread.
 */
public final class CheckpointCallback implements Callback {
    /** The file of the best checkpoint in the folder. */
    public static final String BEST = "best.myelin";
    private final Path dir;
    private final int every;
    private final int keep;
    private final String monitor;
    private final boolean lowerIsBetter;
    private double best = Double.NaN;
    private volatile boolean stopRequested;
    private volatile Path interruptedCheckpoint;

    /**
     * @param dir     the folder (created when missing)
     * @param every   write a checkpoint after every {@code every}-th epoch, ≥ 1
     * @param keep    how many of the newest periodic checkpoints to keep, ≥ 1
     * @param monitor metric whose new best writes {@value #BEST} (e.g. {@code val_loss}; lower is better for losses and
     *                errors, higher otherwise), or null for none
     */
    public CheckpointCallback(Path dir, int every, int keep, String monitor) {
        if (every < 1 || keep < 1) {
            throw new IllegalArgumentException("checkpoints: every must be >= 1 epoch and keep >= 1 file, got every " + every + ", keep " + keep);
        }
        this.dir = dir;
        this.every = every;
        this.keep = keep;
        this.monitor = monitor;
        String m = monitor == null ? "" : monitor.toLowerCase(Locale.ROOT);
        this.lowerIsBetter = m.contains("loss") || m.contains("mse") || m.contains("mae") || m.contains("error");
    }

    /** Asks for a checkpoint after the batch in progress and the end of the run; the trainer's thread writes it. */
    public void saveAndStop() {
        stopRequested = true;
    }

    /** The checkpoint written on {@link #saveAndStop()}, once written; else null. */
    public Path interruptedCheckpoint() {
        return interruptedCheckpoint;
    }

    @Override
    public void onTrainStart(TrainingContext context) {
        best = Double.NaN;
    }

    @Override
    public void onBatchEnd(TrainingContext context, int epoch, int batch) {
        if (stopRequested && interruptedCheckpoint == null) {
            TrainingState state = context.snapshot();
            Path file = write(context, state);
            interruptedCheckpoint = file;
            context.requestStop("interrupted after epoch " + (epoch + 1) + ", batch " + (batch + 1) + "; resume from the checkpoint " + file);
        }
    }

    @Override
    public void onEpochRecorded(TrainingContext context, int epoch) {
        TrainingState state = null;
        if ((epoch + 1) % every == 0) {
            state = context.snapshot();
            write(context, state);
            prune();
        }
        if (monitor != null) {
            History history = context.history();
            if (!history.has(monitor)) {
                throw new IllegalStateException("checkpoints monitor '" + monitor + "' but the history has only " + history.metricNames());
            }
            double value = history.last(monitor);
            if (!Double.isNaN(value) && (Double.isNaN(best) || (lowerIsBetter ? value < best : value > best))) {
                best = value;
                save(context, state != null ? state : context.snapshot(), dir.resolve(BEST));
            }
        }
    }

    private Path write(TrainingContext context, TrainingState state) {
        Path file = dir.resolve(Checkpoint.fileName(state));
        save(context, state, file);
        return file;
    }

    private static void save(TrainingContext context, TrainingState state, Path file) {
        try {
            Checkpoint.save(context.model(), state, file);
        } catch (ModelFileException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + e.getMessage(), e);
        }
    }

    private void prune() {
        try {
            List<Path> all = Checkpoint.list(dir);
            for (int i = 0; i < all.size() - keep; i++) {
                Files.deleteIfExists(all.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove old checkpoints from " + dir + ": " + e.getMessage(), e);
        }
    }
}
