package dev.myelin.cli;

import static dev.myelin.util.ArgumentChecks.atLeast;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.cpu.CpuGemm;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The options of {@code myelin train} (and so of every search trial) that choose where and how it computes
 * ({@code @Mixin}): backend, precision, CPU threads and the CPU GEMM. The backend stays a name, not an enum: backends
 * are found on the class path ({@link DeviceManager}), which says when one named is not there.
 */
final class DeviceOptions {

    @Option(names = "--backend", description = "auto, cpu or cuda (default: auto, or -Dmyelin.backend / MYELIN_BACKEND).")
    String backend;

    @Option(names = "--precision", defaultValue = "f32", completionCandidates = Precision.Names.class,
            description = "${COMPLETION-CANDIDATES}; float32 and float64 are accepted too (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Option(names = "--threads", defaultValue = "0", description = "CPU worker threads, 0 = one per core (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--cpu-gemm", completionCandidates = CpuGemmNames.class, description = "GEMM of the CPU backend for training, one of ${COMPLETION-CANDIDATES}: auto (OpenBLAS when it loads, else java), native (OpenBLAS, or fail when it cannot load) or java (the pure-Java reference); predictions and evaluations run the pure-Java GEMM either way, so a row's bits do not depend on its batch (default: auto, or -Dmyelin.cpu.gemm).")
    CpuGemm cpuGemm;

    /** The command-line names of backend-cpu's {@link CpuGemm}, for the help. */
    static final class CpuGemmNames extends Choices.Names<CpuGemm> {
        CpuGemmNames() {
            super(CpuGemm.class);
        }
    }

    /** Most CPU worker threads {@code --threads} accepts. */
    static final int MAX_THREADS = 1024;

    /** {@code --threads} in [0, {@value #MAX_THREADS}]. */
    void validate() {
        atLeast("--threads", threads, 0);
        if (threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads " + threads + " is more worker threads than any machine can use (at most " + MAX_THREADS
                    + "); 0 uses one per core (" + Runtime.getRuntime().availableProcessors() + " here)");
        }
    }

    DType dtype() {
        return precision.dtype();
    }

    /** Opens the backend these options name with {@code threads} CPU threads (the search gives each trial its share), logging the choice. */
    DeviceManager.Selection open(int threads, Consumer<String> log) {
        if (cpuGemm != null) {
            System.setProperty(CpuGemm.PROPERTY, cpuGemm.name().toLowerCase(Locale.ROOT));
        }
        return new DeviceManager().open(backend, dtype(), new BackendOptions(threads), log);
    }
}
