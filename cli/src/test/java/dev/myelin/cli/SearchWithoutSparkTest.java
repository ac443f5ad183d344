package dev.myelin.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line without the spark module (as ./myelin runs it): {@code search --spark} says where Spark is, exit 1. */
class SearchWithoutSparkTest {
    @TempDir
    Path dir;

    @Test
    void sparkOptionWithoutSparkOnTheClassPathSaysHowToRunIt() {
        CliRun run = CliRun.of("search", "--data", "digits", "--epochs", "1", "--param", "lr=0.01|0.1", "--strategy", "grid",
                "--out", dir.toString(), "--spark", "local[2]");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("myelin: --spark needs the spark module and Apache Spark on the class path")
                .contains("spark/myelin-spark").contains("spark/README.md");
        assertThat(run.out()).doesNotContain("trial ");
    }
}
