package dev.myelin.modelfile;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.data.Split;
import dev.myelin.model.Model;
import dev.myelin.train.Callback;
import dev.myelin.train.History;
import dev.myelin.train.TrainingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resume is exact: 2N epochs in one go and N epochs, a checkpoint, a new JVM and N more give the same parameters,
 * batch-norm state, optimiser state and history, bit for bit (with dropout, batch norm, reduce-on-plateau and
 * early stopping); a child JVM killed with SIGKILL while writing checkpoints leaves a loadable, resumable one.
 */
class ResumeTest {
    private static final int N = 5;
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void trainingNThenResumingInANewJvmEqualsTraining2NAtOnce(DType dtype) throws Exception {
        ResumeRun.Folders runs;
        try (Backend backend = ModelFiles.cpu(dtype)) {
            runs = ResumeRun.trainStraightAndFirstHalf(backend, dir, N);
        }
        childJvm(60, "resume", runs.first().toString(), name(dtype), Integer.toString(2 * N), runs.second().toString());
        try (Backend backend = ModelFiles.cpu(dtype)) {
            ResumeRun.assertResumedEqualsStraight(runs.straight(), runs.second(), backend, N);
        }
    }

    @Test
    void aCheckpointTakenMidEpochResumesExactly() throws Exception {
        Split data = ResumeRun.data();
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64)) {
            double[] expected;
            try (Model model = ResumeRun.model(backend, 16)) {
                ResumeRun.trainer(3, new CheckpointCallback(dir.resolve("a"), 1, 100, null)).fit(model, data.train(), data.validation());
                expected = model.parametersToHost();
            }
            CheckpointCallback interrupting = new CheckpointCallback(dir.resolve("b"), 1, 100, null);
            Callback ctrlC = new Callback() {
                @Override
                public void onBatchStart(TrainingContext context, int epoch, int batch) {
                    if (epoch == 1 && batch == 7) {
                        interrupting.saveAndStop();
                    }
                }
            };
            try (Model model = ResumeRun.model(backend, 16)) {
                History h = ResumeRun.trainer(3, interrupting, ctrlC).fit(model, data.train(), data.validation());
                assertThat(h.stopReason()).get().asString().contains("interrupted after epoch 2, batch 8");
            }
            Checkpoint.Loaded loaded = Checkpoint.load(interrupting.interruptedCheckpoint(), backend);
            assertThat(loaded.state().epoch()).isEqualTo(1);
            assertThat(loaded.state().batch()).isEqualTo(8);
            try (Model model = loaded.model()) {
                ResumeRun.trainer(3, new CheckpointCallback(dir.resolve("c"), 1, 100, null)).fit(model, data.train(), data.validation(), loaded.state());
                assertThat(model.parametersToHost()).isEqualTo(expected);
            }
        }
    }

    @Test
    void aJvmKilledWhileWritingCheckpointsLeavesOneThatLoadsAndResumes() throws Exception {
        Path out = dir.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ResumeRun.class.getName(), "forever", out.toString(),
                "float64", "384").redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Checkpoint.list(out).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Checkpoint.list(out)).as("checkpoints written before the kill").hasSizeGreaterThanOrEqualTo(2);
            Thread.sleep(137); // somewhere in the next epoch or its checkpoint write
        } finally {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(30, TimeUnit.SECONDS);
        }
        Path latest = Checkpoint.latest(out);
        try (Backend backend = ModelFiles.cpu(DType.FLOAT64)) {
            Checkpoint.Loaded loaded = Checkpoint.load(latest, backend);
            try (Model model = loaded.model()) {
                int epochs = loaded.state().epoch() + 1;
                History h = ResumeRun.trainer(epochs, new CheckpointCallback(dir.resolve("after"), 1, 1, null))
                        .fit(model, ResumeRun.data().train(), ResumeRun.data().validation(), loaded.state());
                assertThat(h.epochs()).isEqualTo(epochs);
                assertThat(h.last("loss")).isFinite();
            }
        }
    }

    private static String name(DType dtype) {
        return dtype == DType.FLOAT32 ? "float32" : "float64";
    }

    private static void childJvm(int seconds, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), ResumeRun.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).endsWith("done");
    }
}
