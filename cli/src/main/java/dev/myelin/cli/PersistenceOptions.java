package dev.myelin.cli;

import static dev.myelin.util.ArgumentChecks.atLeast;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.NormalizerParams;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.modelfile.Checkpoint;
import dev.myelin.modelfile.CheckpointCallback;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingState;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The options of {@code myelin train} that keep what it trains: {@code --save}, {@code --checkpoint-dir} with
 * {@code --checkpoint-every} and {@code --keep}, and {@code --resume}. With a checkpoint folder, Ctrl-C (SIGINT) writes a
 * checkpoint after the batch in progress before the process ends.
 */
final class PersistenceOptions {

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained model (with its normaliser and class names) to FILE (.myelin), atomically.")
    Path save;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Write training checkpoints into DIR (and one on Ctrl-C).")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "1", description = "With --checkpoint-dir: a checkpoint every K epochs (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--keep", paramLabel = "M", defaultValue = "3", description = "With --checkpoint-dir: keep the newest M checkpoints (default: ${DEFAULT-VALUE}); best.myelin (lowest val_loss) is kept apart.")
    int keep;

    @Option(names = "--resume", paramLabel = "FILE|DIR", description = "Continue from a checkpoint file, or the newest one in DIR; give the same options as the first run (and the total --epochs).")
    Path resume;

    private TrainingState resumeState;

    /** Checks the values before any data is read. */
    void validate() {
        atLeast("--checkpoint-every", checkpointEvery, 1);
        atLeast("--keep", keep, 1);
    }

    /** A new model of {@code spec}, or the model of the {@code --resume} checkpoint (whose spec must be {@code spec}). */
    Model createOrResume(ModelSpec spec, Backend backend, long seed, PrintWriter out) throws IOException {
        if (resume == null) {
            return Model.create(spec, backend, seed);
        }
        Path file = Checkpoint.latest(resume);
        Checkpoint.Loaded loaded = Checkpoint.load(file, backend);
        if (!loaded.model().spec().equals(spec)) {
            String saved = loaded.model().spec().describe();
            loaded.model().close();
            throw new IllegalArgumentException("--resume " + file + " holds the network " + saved + ", but the options give " + spec.describe()
                    + ": resume with the options of the first run");
        }
        resumeState = loaded.state();
        out.printf("resuming from %s at epoch %d, batch %d (step %d)%n", file, resumeState.epoch() + 1, resumeState.batch() + 1, resumeState.step());
        return loaded.model();
    }

    /** Adds the checkpoint callback (last) when {@code --checkpoint-dir} was given. */
    CheckpointCallback addCheckpoints(Trainer.Builder builder, boolean hasValidation) {
        if (checkpointDir == null) {
            return null;
        }
        CheckpointCallback checkpoints = new CheckpointCallback(checkpointDir, checkpointEvery, keep, hasValidation ? "val_loss" : null);
        builder.callback(checkpoints);
        return checkpoints;
    }

    /**
     * Runs {@code fit} (given the resume state or null); with checkpoints, a Ctrl-C meanwhile asks for a checkpoint after the batch in
     * progress and waits (up to a minute) until it is written before the process ends.
     */
    History train(CheckpointCallback checkpoints, java.util.function.Function<TrainingState, History> fit) {
        if (checkpoints == null) {
            return fit.apply(resumeState);
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            checkpoints.saveAndStop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Path file = checkpoints.interruptedCheckpoint();
            System.err.println(file != null ? "myelin: interrupted; checkpoint saved to " + file + " (continue with --resume " + checkpointDir + ")"
                    : "myelin: interrupted; the newest checkpoint is in " + checkpointDir);
        }, "myelin-ctrl-c");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        RunStatus.onInterruptKeeps("a checkpoint is written to " + checkpointDir);
        try {
            return fit.apply(resumeState);
        } finally {
            RunStatus.onInterruptKeeps(null);
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it reports the checkpoint
            }
        }
    }

    /** Saves {@code model} with the normaliser and class names of {@code data}, when {@code --save} was given. */
    void saveIfAsked(Model model, NormalizerParams normalizer, Dataset data, PrintWriter out) throws IOException {
        if (save == null) {
            return;
        }
        model.setInputNormalizer(normalizer);
        if (data.isClassification()) {
            model.setClassNames(data.classNames());
        }
        model.save(save);
        out.println("saved the model to " + save);
    }
}
