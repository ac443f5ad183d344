package dev.myelin.cli;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code myelin train --save}, {@code predict} and {@code info} on the same file. */
class ModelFileCliTest {
    @TempDir
    Path dir;

    @Test
    void trainSavePredictAndInfoOnIris() throws Exception {
        Path model = dir.resolve("iris.myelin");
        CliRun train = CliRun.of("train", "--data", "iris", "--hidden", "16:relu", "--epochs", "40", "--precision", "f64", "--backend", "cpu",
                "--save", model.toString());
        assertThat(train.exitCode()).as(train.out() + train.err()).isZero();
        assertThat(train.out()).contains("saved the model to " + model);

        Dataset iris = EmbeddedData.iris();
        Path csv = dir.resolve("iris.csv");
        List<String> lines = new ArrayList<>();
        lines.add("sepal_length,sepal_width,petal_length,petal_width,species");
        for (int i = 0; i < iris.size(); i++) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%s", iris.feature(i, 0), iris.feature(i, 1), iris.feature(i, 2), iris.feature(i, 3),
                    iris.classNames().get(iris.label(i))));
        }
        Files.write(csv, lines);
        Path predictions = dir.resolve("predictions.csv");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--input", csv.toString(), "--label-column", "species", "--proba",
                "--output", predictions.toString());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
        List<String> out = Files.readAllLines(predictions);
        assertThat(out.get(0)).isEqualTo("class,p_" + String.join(",p_", iris.classNames()));
        assertThat(out).hasSize(iris.size() + 1);
        int correct = 0;
        try (var backend = new CpuBackendProvider().open(DType.FLOAT64, BackendOptions.defaults()); Model loaded = Model.load(model, backend)) {
            double[] p = loaded.predict(iris.features(), iris.size());
            for (int i = 0; i < iris.size(); i++) {
                String[] cells = out.get(i + 1).split(",");
                correct += cells[0].equals(iris.classNames().get(iris.label(i))) ? 1 : 0;
                for (int c = 0; c < 3; c++) {
                    assertThat(Double.parseDouble(cells[c + 1])).isCloseTo(p[i * 3 + c], org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, p[i * 3 + c])));
                }
            }
        }
        assertThat(correct / (double) iris.size()).as("accuracy of the saved model on all of Iris").isGreaterThan(0.9);

        CliRun info = CliRun.of("info", model.toString());
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("format version 1", "dtype: float64", "normalizer: standard over 4 features",
                "classes: " + String.join(", ", iris.classNames()), "layers.0.dense.weight", "[4, 16]", "model.safetensors");
    }

    @Test
    void checkpointsThenResumeGiveTheModelOfOneUninterruptedRunAndEvaluateReportsF1() throws Exception {
        String[] common = {"train", "--data", "iris", "--hidden", "16:relu", "--batch-norm", "--dropout", "0.1", "--optimizer", "adam:lr=0.01",
                "--schedule", "plateau:factor=0.5,patience=1", "--early-stopping", "50", "--precision", "f64", "--backend", "cpu"};
        Path straight = dir.resolve("straight.myelin");
        CliRun once = CliRun.of(concat(common, "--epochs", "12", "--save", straight.toString()));
        assertThat(once.exitCode()).as(once.out() + once.err()).isZero();
        Path checkpoints = dir.resolve("checkpoints");
        CliRun first = CliRun.of(concat(common, "--epochs", "5", "--checkpoint-dir", checkpoints.toString(), "--keep", "2"));
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        try (var files = Files.list(checkpoints)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("best.myelin", "checkpoint-e0004-s000000016.myelin", "checkpoint-e0005-s000000020.myelin");
        }
        Path resumed = dir.resolve("resumed.myelin");
        CliRun second = CliRun.of(concat(common, "--epochs", "12", "--resume", checkpoints.toString(), "--save", resumed.toString()));
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("resuming from " + checkpoints.resolve("checkpoint-e0005-s000000020.myelin") + " at epoch 6, batch 1 (step 20)");
        try (var backend = new CpuBackendProvider().open(DType.FLOAT64, BackendOptions.defaults());
             Model a = Model.load(straight, backend); Model b = Model.load(resumed, backend)) {
            assertThat(b.parametersToHost()).isEqualTo(a.parametersToHost());
            for (String name : a.tensorLayout().names()) {
                assertThat(b.tensor(name)).as(name).isEqualTo(a.tensor(name));
            }
        }
        CliRun evaluate = CliRun.of("evaluate", "--model", resumed.toString(), "--data", "iris");
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("test part of iris, 23 samples").contains("classes: 0 setosa, 1 versicolor, 2 virginica")
                .contains("confusion matrix").containsPattern("precision +recall +f1")
                .contains("macro F1");
        String[] other = common.clone();
        other[java.util.Arrays.asList(other).indexOf("16:relu")] = "8:relu";
        CliRun mismatch = CliRun.of(concat(other, "--epochs", "12", "--resume", checkpoints.toString()));
        assertThat(mismatch.exitCode()).isEqualTo(1);
        assertThat(mismatch.err()).contains("resume with the options of the first run");
    }

    @Test
    void ctrlCDuringTrainingWritesACheckpointThatResumes() throws Exception {
        Path checkpoints = dir.resolve("ctrl-c");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), MyelinCli.class.getName(), "train", "--data", "digits",
                "--epochs", "100000", "--precision", "f64", "--backend", "cpu", "--checkpoint-dir", checkpoints.toString(), "--checkpoint-every", "1000")
                .redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append(e);
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !output.toString().contains(" 2/100000") && process.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(output.toString()).as("training started").contains(" 2/100000");
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        assertThat(output.toString()).contains("myelin: interrupted; checkpoint saved to " + checkpoints)
                .contains("the run was stopped and a checkpoint is written to " + checkpoints)
                .doesNotContain("nothing was saved");
        Path latest = dev.myelin.modelfile.Checkpoint.latest(checkpoints);
        try (var backend = new CpuBackendProvider().open(DType.FLOAT64, BackendOptions.defaults())) {
            var loaded = dev.myelin.modelfile.Checkpoint.load(latest, backend);
            loaded.model().close();
            assertThat(loaded.state().step()).isPositive();
        }
        CliRun resumed = CliRun.of("train", "--data", "digits", "--epochs", "1", "--precision", "f64", "--backend", "cpu", "--resume", latest.toString());
        assertThat(resumed.exitCode()).as("resuming beyond --epochs is refused with the fix").isEqualTo(1);
        assertThat(resumed.err()).contains("ask for more epochs");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aCorruptModelFileIsRefusedWithMyelinMessageAndExitCode1() throws Exception {
        Path bad = dir.resolve("bad.myelin");
        Files.writeString(bad, "not a zip");
        CliRun info = CliRun.of("info", bad.toString());
        assertThat(info.exitCode()).isEqualTo(1);
        assertThat(info.err()).startsWith("myelin: " + bad).contains("truncated or corrupt");
        CliRun predict = CliRun.of("predict", "--model", dir.resolve("missing.myelin").toString(), "--input", bad.toString());
        assertThat(predict.exitCode()).isEqualTo(1);
        assertThat(predict.err()).contains("missing.myelin: no such file");
    }
}
