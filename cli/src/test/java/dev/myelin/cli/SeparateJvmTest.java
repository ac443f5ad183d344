package dev.myelin.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs of the command line in a JVM of their own: Ctrl-C (SIGINT) during training gives exit 130 and a message saying
 * where the run stopped; a heap too small for the data set is refused before loading, with the amount and -Xmx.
 */
@EnabledOnOs(OS.LINUX)
class SeparateJvmTest {

    private static Process myelin(String heap, String... args) throws java.io.IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, heap, "-cp", System.getProperty("java.class.path"),
                MyelinCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    void aHeapTooSmallForTheDataSetIsRefusedBeforeLoadingWithTheAmountAndHowToRaiseIt() throws Exception {
        // Fashion-MNIST as doubles: 60,000 × (784 + 1) × 8 bytes × 3 copies ≈ 1,079 MiB, far above a 64 MiB heap;
        // refused before any file is read, so this runs whether or not the data set is installed
        Process process = myelin("-Xmx64m", "train", "--backend", "cpu", "--data", "fashion-mnist");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("myelin: not enough memory: this run needs about 1,081 MiB (data 1,079 MiB, model 3 MiB)")
                .contains("MYELIN_JAVA_OPTS=-Xmx2g").doesNotContain("OutOfMemoryError").doesNotContain("data: fashion-mnist");
    }

    @Test
    void sigintDuringTrainingPrintsWhereItStoppedAndExits130() throws Exception {
        Process process = myelin("-Xmx512m", "train", "--backend", "cpu", "--epochs", "100000");
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("epoch      2/100000")) {
                    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                }
            }
        } finally {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue()).as(output.toString()).isEqualTo(130);
        assertThat(output.toString()).containsPattern("myelin: interrupted \\(Ctrl-C or a termination signal\\) during training, (in|after) epoch \\d+/100000;"
                + " the run was stopped and nothing was saved");
    }
}
