package dev.myelin.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sanitised runs catch what they are there for: the broken kernels of
 * {@code src/test/cuda/sim_broken.cu}, launched by {@code bin/sanitizer-probe} in a process of
 * its own (a report or a fault ends that process, not the test JVM), are reported by UBSan
 * (kernel libraries of {@code kernels-ubsan/}) and fault in guard-page mode, while their twins
 * and the same launches without the sanitiser pass silently.
 */
@SimulatedDevice
class SanitizerProbeTest {

    private static final int SIGSEGV = 11;

    private record Run(int exit, String output) {
    }

    private static Run probe(String kernelDir, String kernel, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Simulator.binary("sanitizer-probe").toString(),
                Simulator.directory().resolve("ptx").resolve("sim_broken.ptx").toString(),
                Simulator.directory().resolve(kernelDir).toString(), kernel).redirectErrorStream(true);
        pb.environment().remove("MYELIN_SIM_GUARD_PAGES");
        pb.environment().remove("MYELIN_SIM_COUNTERS");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** The UBSan kernel libraries are built under CI (cuda-simulator/pom.xml profile sim-variants); elsewhere this skips. */
    private static void requireUbsanBuild() {
        boolean built = Files.isDirectory(Simulator.directory().resolve("kernels-ubsan"));
        if (!built) {
            assertThat(System.getenv("CI")).as("CI=true builds kernels-ubsan (profile sim-variants)").isNotEqualTo("true");
        }
        assumeTrue(built, "no kernels-ubsan: build with CI=true or -Psim-variants");
    }

    @Test
    void ubsanReportsAFloatToIntConversionOutOfRange() throws IOException, InterruptedException {
        requireUbsanBuild();
        Run broken = probe("kernels-ubsan", "float_to_int", Map.of());
        assertThat(broken.exit()).as(broken.output()).isNotZero();
        assertThat(broken.output()).contains("runtime error").contains("outside the range of representable values");
        Run twin = probe("kernels-ubsan", "float_to_int_checked", Map.of());
        assertThat(twin.exit()).as(twin.output()).isZero();
        assertThat(twin.output()).doesNotContain("runtime error");
    }

    @Test
    void aWritePastTheEndOfABufferFaultsInGuardPageModeOnly() throws IOException, InterruptedException {
        Run guarded = probe("kernels", "write_one_past_end", Map.of("MYELIN_SIM_GUARD_PAGES", "1"));
        assertThat(guarded.exit()).as("killed by SIGSEGV: " + guarded.output()).isEqualTo(128 + SIGSEGV);
        Run plain = probe("kernels", "write_one_past_end", Map.of());
        assertThat(plain.exit()).as("without guard pages the write lands in allocation slack: " + plain.output()).isZero();
        Run inBounds = probe("kernels", "float_to_int_checked", Map.of("MYELIN_SIM_GUARD_PAGES", "1"));
        assertThat(inBounds.exit()).as(inBounds.output()).isZero();
    }
}
