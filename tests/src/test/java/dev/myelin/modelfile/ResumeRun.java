package dev.myelin.modelfile;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.NormalizerParams;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.StandardScaler;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.schedule.Schedules;
import dev.myelin.train.Callback;
import dev.myelin.train.EarlyStopping;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training run of the resume tests: batch norm, dropout, Adam, reduce-on-plateau and early stopping on
 * normalised spirals. {@link #main} runs in a child JVM: {@code resume <checkpoint dir> <float64|float32|cuda> <epochs> <out dir>}
 * continues from the newest checkpoint; {@code forever <out dir> <float64|float32> <width>} trains a wide model writing a
 * checkpoint every epoch until it is killed.
 */
public final class ResumeRun {
    private ResumeRun() {
    }

    /** Train and validation parts of 600 spiral points, normalised. */
    public static Split data() {
        Split split = Splits.stratified(Synthetic.spirals(600, 3, 0.1, 9), 0.8, 0.2, 0.0, 4);
        NormalizerParams normalizer = new StandardScaler().fit(split.train());
        return normalizer.transform(split);
    }

    public static Model model(Backend backend, int width) {
        ModelSpec spec = ModelSpec.builder(2).dense(width, Activation.relu()).batchNorm().dropout(0.2).dense(width, Activation.tanh())
                .output(3, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        return Model.create(spec, backend, 5);
    }

    /** The checkpoint folders of a resume test: the run straight through, the first half, the resumed second half. */
    public record Folders(Path straight, Path first, Path second) {
    }

    /**
     * The two in-process runs a resume test compares, on {@code backend}, in folders under {@code dir}: {@code 2·n}
     * epochs in one go (checkpoints in {@code straight}) and the first {@code n} epochs (checkpoints in {@code first}),
     * to be resumed in a new JVM into {@code second}.
     */
    public static Folders trainStraightAndFirstHalf(Backend backend, Path dir, int n) {
        Folders folders = new Folders(dir.resolve("straight"), dir.resolve("first"), dir.resolve("second"));
        Split data = data();
        try (Model model = model(backend, 16)) {
            trainer(2 * n, new CheckpointCallback(folders.straight(), 1, 100, null)).fit(model, data.train(), data.validation());
        }
        try (Model model = model(backend, 16)) {
            trainer(n, new CheckpointCallback(folders.first(), 1, 100, null)).fit(model, data.train(), data.validation());
        }
        return folders;
    }

    /** The newest checkpoint file in {@code dir}. */
    public static Path newestCheckpoint(Path dir) throws IOException {
        List<Path> files = Checkpoint.list(dir);
        return files.get(files.size() - 1);
    }

    /**
     * Asserts that the newest checkpoint of the resumed run (in {@code resumedDir}) equals the newest of the run trained
     * straight through (in {@code straightDir}), both loaded on {@code backend}: the same file name, tensors, optimiser
     * state and step count, plateau schedule, best parameters of early stopping and history, which ran past the
     * {@code firstEpochs} epochs of the run before the resume and saw the plateau lower the rate.
     */
    public static void assertResumedEqualsStraight(Path straightDir, Path resumedDir, Backend backend, int firstEpochs) throws IOException {
        assertThat(Checkpoint.list(resumedDir)).isNotEmpty();
        Path expected = newestCheckpoint(straightDir);
        Path actual = newestCheckpoint(resumedDir);
        assertThat(actual.getFileName()).isEqualTo(expected.getFileName());
        try (Model a = Checkpoint.load(expected, backend).model(); Model b = Checkpoint.load(actual, backend).model()) {
            for (String name : a.tensorLayout().names()) {
                assertThat(b.tensor(name)).as(name).isEqualTo(a.tensor(name));
            }
        }
        TrainingState sa = Checkpoint.load(expected, backend).state();
        TrainingState sb = Checkpoint.load(actual, backend).state();
        assertThat(sb.optimizerState()).isEqualTo(sa.optimizerState());
        assertThat(sb.optimizerSteps()).isEqualTo(sa.optimizerSteps()).isPositive();
        assertThat(sb.parts().keySet()).containsExactlyInAnyOrder("schedule", "callback.1");
        assertThat(sb.parts().get("schedule").get("plateau")).isEqualTo(sa.parts().get("schedule").get("plateau"));
        assertThat(sb.parts().get("callback.1").get("best_parameters")).isEqualTo(sa.parts().get("callback.1").get("best_parameters"));
        History ha = sa.history();
        History hb = sb.history();
        assertThat(hb.metricNames()).isEqualTo(ha.metricNames());
        for (String metric : ha.metricNames()) {
            assertThat(hb.get(metric)).as(metric).isEqualTo(ha.get(metric));
        }
        assertThat(hb.epochs()).isEqualTo(ha.epochs()).isGreaterThan(firstEpochs);
        assertThat(hb.get("lr")).as("the plateau schedule lowered the rate at least once").contains(0.005);
    }

    /** The run's trainer for {@code epochs}, the checkpoint callback after early stopping, then {@code more}. */
    public static Trainer trainer(int epochs, CheckpointCallback checkpoints, Callback... more) {
        Trainer.Builder builder = Trainer.builder().epochs(epochs).batchSize(32).seed(17).optimizer(Adam.of(0.01))
                .schedule(Schedules.parse("plateau:factor=0.5,patience=1"))
                .callback(new EarlyStopping("val_loss", 0, 4, true))
                .callback(checkpoints);
        for (Callback c : more) {
            builder.callback(c);
        }
        return builder.build();
    }

    public static void main(String[] args) throws Exception {
        Split data = data();
        try (Backend backend = ModelFiles.backend(args[2])) {
            if (args[0].equals("resume")) {
                Checkpoint.Loaded loaded = Checkpoint.load(Checkpoint.latest(Path.of(args[1])), backend);
                try (Model model = loaded.model()) {
                    trainer(Integer.parseInt(args[3]), new CheckpointCallback(Path.of(args[4]), 1, 100, null))
                            .fit(model, data.train(), data.validation(), loaded.state());
                }
            } else {
                try (Model model = model(backend, Integer.parseInt(args[3]))) {
                    System.out.println("training");
                    System.out.flush();
                    trainer(1_000_000, new CheckpointCallback(Path.of(args[1]), 1, 3, null)).fit(model, data.train(), data.validation());
                }
            }
        }
        System.out.println("done");
    }
}
