package dev.myelin.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the simulator's GEMM against a naive long-double reference (Java has no long double,
 * so the check is the C++ program {@code src/main/native/selftest/gemm_reference_test.cpp}).
 */
@SimulatedDevice(simulatorOnly = true)
class GemmReferenceTest {

    @Test
    void gemmMatchesTheLongDoubleReferenceOnAtLeast1000RandomCases() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Simulator.binary("gemm-reference-test").toString(), "1200")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        Matcher m = Pattern.compile("(\\d+) random cases passed .* (\\d+) invalid-argument cases rejected").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(1000);
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(12);
    }
}
