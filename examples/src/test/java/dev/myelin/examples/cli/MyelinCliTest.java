package dev.myelin.examples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MyelinCliTest {

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
    void trainWithNoArgumentsReachesAtLeast95PercentOnTheDigitsAndNamesTheBackend() {
        Run run = run("train");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // backend-cuda is on the class path: without a GPU the CPU is chosen and the reason for passing over cuda is given.
        assertThat(run.out()).containsPattern("backend cpu-f32 .*passed over cuda: |backend cuda-f32 ");
        assertThat(run.out()).contains("data: digits, 1797 samples (1257 train, 270 validation, 270 test)");
        Matcher m = Pattern.compile("test accuracy (\\d\\.\\d+) \\(270 samples\\)").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void gradcheckPassesOnTheDefaultNetworkAndFailsWithACoarseStep() {
        Run pass = run("gradcheck");
        assertThat(pass.exitCode()).as(pass.out() + pass.err()).isZero();
        assertThat(pass.out()).contains("PASS").contains("backend cpu-f64");
        Run fail = run("gradcheck", "--epsilon", "0.5");
        assertThat(fail.exitCode()).isEqualTo(1);
        assertThat(fail.out()).contains("FAIL");
    }

    @Test
    void badOptionsGiveAMessageAndExitCode1() {
        Run run = run("train", "--lr", "-0.5", "--epochs", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("myelin: learning rate must be a finite number > 0, got -0.5");
        Run unknown = run("train", "--backend", "tpu", "--epochs", "1");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("backend 'tpu'").contains("not on the class path");
    }
}
