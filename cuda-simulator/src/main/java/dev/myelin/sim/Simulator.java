package dev.myelin.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the CUDA simulator was built ({@code target/sim}, see {@code src/main/native/build.sh})
 * and whether this JVM runs on it: only a JVM started with the simulator's {@code lib/} on
 * {@code LD_LIBRARY_PATH} loads its {@code libcuda.so.1} instead of a real driver's.
 */
public final class Simulator {

    private static SimulatorCounters counters;

    private Simulator() {}

    /** The build directory: system property {@code myelin.sim.dir}, set by the surefire execution. */
    public static Path directory() {
        return Path.of(System.getProperty("myelin.sim.dir", "target/sim")).toAbsolutePath();
    }

    /** The environment variable that sends the {@link SimulatedDevice} suites to the machine's real driver. */
    public static final String SWITCH = "MYELIN_CUDA";

    /**
     * Whether this JVM runs the {@link SimulatedDevice} suites against the machine's real {@code libcuda.so.1}
     * and {@code libcublas.so.12} instead of the simulator: {@code MYELIN_CUDA=real} (the modules'
     * profile {@code real-cuda} then keeps the simulator off the loader path).
     */
    public static boolean realDriver() {
        return "real".equalsIgnoreCase(System.getenv(SWITCH));
    }

    /** Why simulator tests cannot run in this JVM, or empty when they can. */
    public static Optional<String> unavailableReason() {
        Path dir = directory();
        Path marker = dir.resolve("UNAVAILABLE");
        if (Files.exists(marker)) {
            return Optional.of(read(marker).strip());
        }
        Path lib = dir.resolve("lib");
        if (!Files.exists(lib.resolve("libcuda.so.1"))) {
            return Optional.of("the simulator was not built (no " + lib.resolve("libcuda.so.1") + "); run mvn verify");
        }
        String path = System.getenv().getOrDefault("LD_LIBRARY_PATH", "");
        boolean onPath = Arrays.stream(path.split(":")).anyMatch(p -> !p.isEmpty() && Path.of(p).toAbsolutePath().equals(lib));
        if (!onPath) {
            return Optional.of("this JVM was not started with LD_LIBRARY_PATH=" + lib
                    + " (the surefire execution 'simulated-device' does that)");
        }
        return Optional.empty();
    }

    /** The PTX nvcc made from {@code src/test/cuda/<name>.cu}, NUL-terminated as cuModuleLoadData wants it. */
    public static byte[] ptxImage(String name) {
        return nulTerminated(read(directory().resolve("ptx").resolve(name + ".ptx")));
    }

    /** A text image (PTX or the simulator's own format) as cuModuleLoadData wants it. */
    public static byte[] nulTerminated(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** A program built next to the simulator ({@code bin/}). */
    public static Path binary(String name) {
        return directory().resolve("bin").resolve(name);
    }

    /**
     * The simulator's counters file of this JVM (environment variable MYELIN_SIM_COUNTERS, "%p" = pid). Under
     * {@code MYELIN_CUDA=real} there is none: the calling test is skipped with that reason.
     */
    public static synchronized SimulatorCounters counters() {
        Assumptions.assumeFalse(realDriver(), "needs the CUDA simulator's counters, which a real driver does not keep (" + SWITCH + "=real)");
        if (counters == null) {
            String file = System.getenv("MYELIN_SIM_COUNTERS");
            if (file == null) {
                throw new IllegalStateException("MYELIN_SIM_COUNTERS is not set in this JVM's environment");
            }
            // The driver creates the file when it is loaded; loading JCuda's JNI library loads it.
            jcuda.driver.JCudaDriver.cuDriverGetVersion(new int[1]);
            // "%p" stands for the process id, as in the driver (counters.cpp).
            file = file.replace("%p", Long.toString(ProcessHandle.current().pid()));
            counters = SimulatorCounters.open(Path.of(file));
        }
        return counters;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
