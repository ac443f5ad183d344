package dev.myelin.cli;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Splits;
import dev.myelin.ensemble.Ensemble;
import dev.myelin.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SearchCommandTest {

    @Test
    void gridSearchOnTheDigitsWritesTablesBestModelAndReportAndResumes(@TempDir Path dir) throws Exception {
        String[] args = {"search", "--data", "digits", "--epochs", "4", "--strategy", "grid", "--param", "lr=0.01|0.1",
                "--param", "hidden=32:relu|64:relu", "--workers", "2", "--out", dir.toString(), "--report", dir.toString()};
        CliRun first = CliRun.of(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("grid search").contains("2 worker(s) × 1 thread(s)");
        assertThat(Pattern.compile("(?m)^trial +\\d+ complete").matcher(first.out()).results().count()).isEqualTo(4);
        List<String> csv = Files.readAllLines(dir.resolve("trials.csv"));
        assertThat(csv).hasSize(1 + 4);
        assertThat(csv.get(0)).isEqualTo("rank,trial,status,score,epochs,seconds,lr,hidden,message");
        assertThat(Files.readAllLines(dir.resolve("trials.jsonl"))).hasSize(4);

        // The saved best model, loaded on a fresh backend, scores what the search printed on the raw test split.
        Matcher printed = Pattern.compile("retrained: test accuracy (\\d\\.\\d{4})").matcher(first.out());
        assertThat(printed.find()).isTrue();
        Dataset test = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42).test();
        try (CpuBackend cpu = new CpuBackend(DType.FLOAT32, new BackendOptions(1));
             Model best = Model.load(dir.resolve(SearchCommand.BEST_MODEL), cpu)) {
            double accuracy = new Ensemble(List.of(best)).accuracy(test);
            assertThat(String.format(Locale.ROOT, "%.4f", accuracy)).isEqualTo(printed.group(1));
        }

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(Pattern.compile("<figure class=\"chart\"><svg").matcher(html).results().count()).isEqualTo(2 + 6);
        assertThat(Files.readAllLines(dir.resolve(RunReport.EPOCH_LOG))).hasSize(1 + 4);

        CliRun again = CliRun.of(args);
        assertThat(again.exitCode()).isZero();
        assertThat(Pattern.compile("(?m)^trial +\\d+ ").matcher(again.out()).results().count()).isZero();   // nothing rerun
        assertThat(Files.readAllLines(dir.resolve("trials.jsonl"))).hasSize(4);
        assertThat(again.out()).contains(tableHead(first.out()));
    }

    @Test
    void ensembleFileAndRepeatedModelsPredictThroughMyelinPredict(@TempDir Path dir) throws Exception {
        CliRun search = CliRun.of("search", "--data", "digits", "--epochs", "3", "--strategy", "grid", "--param", "lr=0.02|0.05|0.1",
                "--ensemble", "3", "--out", dir.toString());
        assertThat(search.exitCode()).as(search.err()).isZero();
        Matcher printed = Pattern.compile("ensemble of the top 3: test accuracy (\\d\\.\\d{4})").matcher(search.out());
        assertThat(printed.find()).as(search.out()).isTrue();

        Dataset test = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 42).test();
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < test.size(); i++) {
            for (int j = 0; j < test.featureCount(); j++) {
                csv.append(test.feature(i, j)).append(',');
            }
            csv.append(test.label(i)).append('\n');
        }
        Path input = dir.resolve("test.csv");
        Files.writeString(input, csv);

        CliRun ensemble = CliRun.of("predict", "--model", dir.resolve(SearchCommand.ENSEMBLE).toString(), "--input", input.toString(),
                "--label-column", "64");
        assertThat(ensemble.exitCode()).as(ensemble.err()).isZero();
        assertThat(String.format(Locale.ROOT, "%.4f", accuracy(ensemble.out(), test))).isEqualTo(printed.group(1));

        // One model twice averages to itself.
        Path best = dir.resolve(SearchCommand.BEST_MODEL);
        CliRun once = CliRun.of("predict", "--model", best.toString(), "--input", input.toString(), "--label-column", "64");
        CliRun twice = CliRun.of("predict", "--model", best.toString(), "--model", best.toString(), "--input", input.toString(), "--label-column", "64");
        assertThat(twice.exitCode()).as(twice.err()).isZero();
        assertThat(twice.out()).isEqualTo(once.out());
    }

    private static double accuracy(String predictions, Dataset test) {
        List<String> classes = predictions.lines().skip(1).toList();   // header "class"
        assertThat(classes).hasSize(test.size());
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            correct += Integer.parseInt(classes.get(i)) == test.label(i) ? 1 : 0;
        }
        return (double) correct / test.size();
    }

    private static String tableHead(String out) {
        // the same rows, times included: they come from the journal
        return out.lines().dropWhile(l -> !l.startsWith("rank")).limit(5).reduce((a, b) -> a + "\n" + b).orElseThrow();
    }

    @Test
    void aSettingThatIsNotATrainOptionIsAClearError() {
        CliRun run = CliRun.of("search", "--param", "learning-rate=0.1|0.2");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("myelin: search setting 'learning-rate' is not an option of myelin train; use one of [data,");
    }

    @Test
    void ashaWithFoldsIsRefused() {
        CliRun run = CliRun.of("search", "--strategy", "asha", "--folds", "3", "--param", "lr=0.1|0.2");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("use --strategy grid or random with --folds");
    }
}
