package dev.myelin.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import dev.myelin.modelfile.Checkpoint;
import dev.myelin.modelfile.ModelFiles;
import dev.myelin.modelfile.ResumeRun;
import dev.myelin.sim.SimulatedDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model files and checkpoints on the CUDA backend (simulated device), as {@code ModelFileRoundTripTest} and
 * {@code ResumeTest} check them on the CPU: a model with every layer kind trained on CUDA, saved and loaded in a new
 * JVM on CUDA predicts bit-identically; 2N epochs at once and N epochs, a checkpoint, a new JVM and N more give the
 * same parameters, optimiser state and history bit for bit (dropout, batch norm, reduce-on-plateau, early stopping).
 * The child JVMs inherit this JVM's environment, so their loader finds the same simulator (or, under
 * {@code MYELIN_CUDA=real}, the same real driver).
 */
@SimulatedDevice
class CudaModelFileTest {
    private static final int N = 5;

    @TempDir
    Path dir;

    @Test
    void everyLayerKindTrainedOnCudaLoadsInAnotherJvmOnCudaBitIdentically() throws Exception {
        Path file = dir.resolve("every-layer-cuda.myelin");
        String predictions;
        String parameters;
        try (Backend cuda = new CudaBackend(CudaOptions.defaults()); Model model = ModelFiles.trained(cuda)) {
            assertThat(model.dtype()).isEqualTo(DType.FLOAT32);
            model.save(file);
            Dataset raw = ModelFiles.data();
            double[] predicted = model.predict(raw.features(), raw.size());
            predictions = ModelFiles.hash(predicted);
            parameters = ModelFiles.hash(model.parametersToHost());
            // In this JVM too: every tensor, spec and normaliser come back exactly, and the loaded model predicts the same bits.
            try (Model loaded = Model.load(file, cuda)) {
                assertThat(loaded.spec()).isEqualTo(model.spec());
                assertThat(loaded.inputNormalizer()).isEqualTo(model.inputNormalizer());
                assertThat(loaded.classNames()).containsExactly("red", "green", "blue");
                for (String name : model.tensorLayout().names()) {
                    assertThat(loaded.tensor(name)).as(name).isEqualTo(model.tensor(name));
                }
                assertThat(ModelFiles.hash(loaded.predict(raw.features(), raw.size()))).isEqualTo(predictions);
                assertThat(ModelFiles.hash(loaded.parametersToHost())).isEqualTo(parameters);
            }
            double[] mean = model.tensor("layers.2.batchnorm.running_mean");
            assertThat(mean).as("running mean moved away from its initial 0 during training").isNotEqualTo(new double[mean.length]);
        }
        String output = childJvm(ModelFiles.class.getName(), file.toString(), "cuda");
        assertThat(output.split("\\R")).containsExactly(predictions, parameters);
    }

    @Test
    void trainingNOnCudaThenResumingInANewJvmOnCudaEqualsTraining2NAtOnce() throws Exception {
        ResumeRun.Folders runs;
        try (Backend cuda = new CudaBackend(CudaOptions.defaults())) {
            runs = ResumeRun.trainStraightAndFirstHalf(cuda, dir, N);
        }
        String output = childJvm(ResumeRun.class.getName(), "resume", runs.first().toString(), "cuda", Integer.toString(2 * N), runs.second().toString());
        assertThat(output).endsWith("done");
        try (Backend cuda = new CudaBackend(CudaOptions.defaults())) {
            ResumeRun.assertResumedEqualsStraight(runs.straight(), runs.second(), cuda, N);
            try (Model a = Checkpoint.load(ResumeRun.newestCheckpoint(runs.straight()), cuda).model();
                 Model b = Checkpoint.load(ResumeRun.newestCheckpoint(runs.second()), cuda).model()) {
                assertThat(a.dtype()).isEqualTo(DType.FLOAT32);
                assertThat(ModelFiles.hash(b.parametersToHost())).isEqualTo(ModelFiles.hash(a.parametersToHost()));
            }
        }
    }

    /** Runs {@code main} in a new JVM with this JVM's class path and environment; returns its output once it exits with 0. */
    private static String childJvm(String main, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean finished = process.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("child JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
