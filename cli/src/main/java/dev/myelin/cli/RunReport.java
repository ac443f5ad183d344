package dev.myelin.cli;

import dev.myelin.data.Dataset;
import dev.myelin.report.StepRecorder;
import dev.myelin.report.TrainingRun;
import dev.myelin.train.CsvLogger;
import dev.myelin.train.Evaluation;
import dev.myelin.train.History;
import dev.myelin.train.Callback;
import dev.myelin.train.TrainingMonitor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code --report DIR} adds to a training run: the training monitor (unless {@code --monitor} already added it), the
 * learning rate of every step, the epoch log {@code DIR/epochs.csv}; afterwards, the run as the report shows it.
 */
final class RunReport {
    /** The epoch log's file name in the report directory. */
    static final String EPOCH_LOG = "epochs.csv";
    private final Path dir;
    private final StepRecorder steps = new StepRecorder();

    RunReport(Path dir) {
        this.dir = dir;
    }

    /** The recording callbacks, to register after the trainer's own (so the epoch log sees the monitor's metrics). */
    List<Callback> callbacks(Dataset train, boolean monitorAdded) {
        List<Callback> out = new ArrayList<>();
        if (!monitorAdded) {
            out.add(new TrainingMonitor(train));
        }
        out.add(steps);
        out.add(new CsvLogger(dir.resolve(EPOCH_LOG)));
        return out;
    }

    /** The recorded run, with its evaluation on {@code which} ("test" or "validation") as the summary's last line. */
    TrainingRun run(String title, String modelSummary, History history, Evaluation eval, String which) {
        String scores = eval.confusion() != null
                ? String.format(Locale.ROOT, "%s loss %.4f, %s accuracy %.4f (%d samples)", which, eval.loss(), which, eval.accuracy(), eval.samples())
                : String.format(Locale.ROOT, "%s loss %.4f, MSE %.5f, MAE %.5f, R² %.4f (%d samples)", which, eval.loss(), eval.mse(), eval.mae(),
                eval.r2(), eval.samples());
        return new TrainingRun(title, history, steps.learningRates(), eval.confusion(), modelSummary + "\n" + scores);
    }
}
