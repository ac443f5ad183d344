package dev.myelin.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.sim.SimulatedDevice;
import dev.myelin.sim.Simulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's probe in a fresh JVM whose loader path holds only some of the simulator's libraries:
 * each missing library is named, nothing crashes, and NVRTC is only needed when the driver refuses the PTX.
 */
@SimulatedDevice(simulatorOnly = true)
class MissingLibraryProbeTest {

    @TempDir
    Path dir;

    private String probe(List<String> libraries, String driverVersion) throws IOException, InterruptedException {
        return probe(libraries, driverVersion, "75");
    }

    private String probe(List<String> libraries, String driverVersion, String computeCapability) throws IOException, InterruptedException {
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib);
        for (String name : libraries) {
            Files.createSymbolicLink(lib.resolve(name), Simulator.directory().resolve("lib").resolve(name));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ProbeMain.class.getName());
        Map<String, String> env = pb.environment();
        env.put("LD_LIBRARY_PATH", lib.toString());
        env.put("MYELIN_SIM_COUNTERS", dir.resolve("counters-%p.bin").toString());
        env.put("MYELIN_SIM_DRIVER_VERSION", driverVersion);
        env.put("MYELIN_SIM_COMPUTE_CAPABILITY", computeCapability);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).as("the same answer twice").contains("same=true");
        return out;
    }

    @Test
    void withoutTheDriverTheProbeNamesLibcuda() throws Exception {
        String out = probe(List.of(), "12060");
        assertThat(out).contains("usable=false").contains("libcuda.so.1");
    }

    @Test
    void withoutCublasTheProbeNamesLibcublas() throws Exception {
        String out = probe(List.of("libcuda.so.1", "libnvrtc.so.12"), "12060");
        assertThat(out).contains("usable=false").contains("libcublas.so.12");
    }

    @Test
    void withoutNvrtcAnSm87DeviceOnACuda11_7DriverCannotLoadTheKernelsAndTheProbeSaysSo() throws Exception {
        // No packaged CUBIN for sm_87, and an 11.7 driver refuses PTX ISA 7.8: only NVRTC is left.
        String out = probe(List.of("libcuda.so.1", "libcublas.so.12"), "11070", "87");
        assertThat(out).contains("usable=false").contains("libnvrtc.so.12").contains("R520");
    }

    @Test
    void withoutNvrtcACuda12DriverLoadsThePtxOnAnSm87Device() throws Exception {
        String out = probe(List.of("libcuda.so.1", "libcublas.so.12"), "12000", "87");
        assertThat(out).contains("usable=true").contains("CUDA driver 12.0");
    }

    @Test
    void withoutNvrtcAnSm75DeviceTakesThePackagedCubinEvenUnderACuda11_7Driver() throws Exception {
        String out = probe(List.of("libcuda.so.1", "libcublas.so.12"), "11070");
        assertThat(out).contains("usable=true").contains("CUDA driver 11.7");
    }
}
