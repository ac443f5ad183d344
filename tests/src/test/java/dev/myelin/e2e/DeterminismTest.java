package dev.myelin.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Same seed, same backend, same thread count: bit-identical parameters after training on CPU float64. */
class DeterminismTest {

    @Test
    void sameSeedTwiceInOneJvmGivesBitIdenticalWeights() {
        double[] first = DeterminismMain.train(7);
        double[] second = DeterminismMain.train(7);
        assertThat(DeterminismMain.hash(second)).isEqualTo(DeterminismMain.hash(first));
        assertThat(second).isEqualTo(first);
        double[] other = DeterminismMain.train(8);
        assertThat(DeterminismMain.hash(other)).isNotEqualTo(DeterminismMain.hash(first));
    }

    @Test
    void sameSeedInAnotherJvmGivesBitIdenticalWeights() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DeterminismMain.class.getName(), "7")
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("second JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(output).isZero();
        String[] lines = output.split("\\R");
        assertThat(lines[lines.length - 1]).isEqualTo(DeterminismMain.hash(DeterminismMain.train(7)));
    }
}
