package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
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

    /** A new tensor {@code [rows, cols]} on {@code backend} holding {@code values} (row-major); the caller closes it. */
    static Tensor upload(Backend backend, double[] values, int rows, int cols) {
        Tensor t = backend.allocate(rows, cols);
        backend.upload(values, 0, t);
        return t;
    }

    /** The values of {@code t}, row-major, copied to the host. */
    static double[] download(Backend backend, Tensor t) {
        double[] h = new double[t.size()];
        backend.download(t, h, 0);
        return h;
    }
}
