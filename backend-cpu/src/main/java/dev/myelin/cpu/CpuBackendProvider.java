package dev.myelin.cpu;

import dev.myelin.backend.Availability;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.BackendProvider;
import dev.myelin.backend.DType;

/**
 * Service provider of the CPU backend: name {@code cpu}, priority 0, usable everywhere (pure Java where OpenBLAS cannot load).
 *
 * <p>Stateless; thread-safe. The backends it opens are used by one thread at a time.
 */
public final class CpuBackendProvider implements BackendProvider {
    /** The name users select this backend by. */
    public static final String NAME = "cpu";

    /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
    public CpuBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 0: tried after any device backend. */
    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability probe() {
        int cores = Runtime.getRuntime().availableProcessors();
        String missing = NativeGemm.unavailableReason();
        return Availability.yes((missing == null ? "OpenBLAS GEMM for training (pure Java for inference; -Dmyelin.cpu.gemm=java for pure Java throughout)"
                : "pure-Java GEMM (OpenBLAS did not load: " + missing + ")") + ", " + cores + " thread" + (cores == 1 ? "" : "s") + " available");
    }

    /** Opens a {@link CpuBackend} for float32 or float64, with the GEMM {@code -Dmyelin.cpu.gemm} names (default: OpenBLAS where it loads). */
    @Override
    public Backend open(DType dtype, BackendOptions options) {
        return new CpuBackend(dtype, options == null ? BackendOptions.defaults() : options);
    }
}
