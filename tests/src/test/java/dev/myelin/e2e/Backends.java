package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;

/** Backends the end-to-end tests run on. */
final class Backends {
    private Backends() {
    }

    /** The float64 oracle, two threads. */
    static Backend cpu64() {
        return new CpuBackendProvider().open(DType.FLOAT64, new BackendOptions(2));
    }

    /** The float32 fallback, two threads. */
    static Backend cpu32() {
        return new CpuBackendProvider().open(DType.FLOAT32, new BackendOptions(2));
    }
}
