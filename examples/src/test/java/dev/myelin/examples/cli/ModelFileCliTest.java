package dev.myelin.examples.cli;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code myelin train --save}, {@code predict} and {@code info} on the same file. */
class ModelFileCliTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = MyelinCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trainSavePredictAndInfoOnIris() throws Exception {
        Path model = dir.resolve("iris.myelin");
        Run train = run("train", "--data", "iris", "--hidden", "16:relu", "--epochs", "40", "--precision", "f64", "--backend", "cpu",
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
        Run predict = run("predict", "--model", model.toString(), "--input", csv.toString(), "--label-column", "species", "--proba",
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

        Run info = run("info", model.toString());
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains("format version 1", "dtype: float64", "normalizer: standard over 4 features",
                "classes: " + String.join(", ", iris.classNames()), "layers.0.dense.weight", "[4, 16]", "model.safetensors");
    }

    @Test
    void aCorruptModelFileIsRefusedWithMyelinMessageAndExitCode1() throws Exception {
        Path bad = dir.resolve("bad.myelin");
        Files.writeString(bad, "not a zip");
        Run info = run("info", bad.toString());
        assertThat(info.exitCode()).isEqualTo(1);
        assertThat(info.err()).startsWith("myelin: " + bad).contains("truncated or corrupt");
        Run predict = run("predict", "--model", dir.resolve("missing.myelin").toString(), "--input", bad.toString());
        assertThat(predict.exitCode()).isEqualTo(1);
        assertThat(predict.err()).contains("missing.myelin: no such file");
    }
}
