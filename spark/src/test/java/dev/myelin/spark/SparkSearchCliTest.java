package dev.myelin.spark;

import dev.myelin.cli.CliRun;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code myelin search --spark local[2]}: the trials run as Spark tasks and give the same table (every column but the
 * wall time) as the same search on local threads; the driver retrains and saves the best model; ASHA and
 * {@code --workers} are refused with a message.
 */
class SparkSearchCliTest {
    /** Trials on local threads get cores / workers threads; with as many workers as cores, one each, as a Spark task here. */
    private static final String WORKERS = Integer.toString(Runtime.getRuntime().availableProcessors());
    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        LocalSpark.context();
    }

    private static CliRun myelin(String... args) {
        return CliRun.of(args);
    }

    private static String[] search(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("search", "--data", "digits", "--epochs", "2", "--hidden", "32:relu", "--seed", "5",
                "--param", "lr=1e-3..0.1:log", "--param", "batch-size=16|64", "--strategy", "random", "--trials", "4", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The rows of trials.csv without the wall-time column. */
    private static List<List<String>> rowsWithoutTime(Path csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(csv)) {
            for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                List<String> row = new ArrayList<>(record.toMap().keySet().stream().filter(k -> !k.equals("seconds")).map(record::get).toList());
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void sparkSearchGivesTheSameTableAsTheLocalSearchForTheSameSeedAndSpace() throws IOException {
        Path local = dir.resolve("local");
        Path spark = dir.resolve("spark");
        CliRun threads = myelin(search(local, "--workers", WORKERS));
        assertThat(threads.exitCode()).as(threads.err()).isZero();
        CliRun tasks = myelin(search(spark, "--spark", "local[2]"));
        assertThat(tasks.exitCode()).as(tasks.err()).isZero();
        assertThat(tasks.out()).contains("on Spark (local[2]): one trial per task");
        List<List<String>> expected = rowsWithoutTime(local.resolve("trials.csv"));
        assertThat(expected).hasSize(4);
        assertThat(rowsWithoutTime(spark.resolve("trials.csv"))).isEqualTo(expected);
        assertThat(spark.resolve("best.myelin")).exists();
        assertThat(bestLine(tasks.out())).isEqualTo(bestLine(threads.out()));
    }

    /** The line naming the best trial and its retrained test accuracy, without the output path. */
    private static String bestLine(String out) {
        return out.lines().filter(l -> l.startsWith("best: ")).findFirst().orElseThrow().replaceAll("; saved as .*", "");
    }

    @Test
    void ashaAndWorkersAreRefusedWithSpark() {
        CliRun asha = myelin("search", "--data", "digits", "--epochs", "2", "--param", "lr=1e-3..0.1:log", "--strategy", "asha", "--trials", "3",
                "--out", dir.resolve("a").toString(), "--spark", "local[2]");
        assertThat(asha.exitCode()).isEqualTo(1);
        assertThat(asha.err()).contains("myelin: ASHA promotes trials between rungs").contains("--strategy grid or random");
        CliRun workers = myelin(search(dir.resolve("w"), "--workers", "2", "--spark", "local[2]"));
        assertThat(workers.exitCode()).isEqualTo(1);
        assertThat(workers.err()).contains("myelin: --workers sets the trials trained at once on this machine");
    }
}
