package dev.myelin.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C (SIGINT) during training: exit 130 and a message saying where the run stopped, instead of silence. */
@EnabledOnOs(OS.LINUX)
class InterruptTest {

    @Test
    void sigintDuringTrainingPrintsWhereItStoppedAndExits130() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MyelinCli.class.getName(),
                "train", "--backend", "cpu", "--epochs", "100000").redirectErrorStream(true).start();
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
