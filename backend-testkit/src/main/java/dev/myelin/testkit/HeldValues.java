package dev.myelin.testkit;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;

/**
 * The values a tensor holds, on the host as doubles, whatever its element type: a floating-point tensor's through
 * {@link Backend#download(Tensor, double[], int)}, an {@link DType#INT32} tensor's through
 * {@link Backend#download(Tensor, int[], int)} and then widened (exactly). For tests that compare tensors of both kinds.
 *
 * <p>Stateless; thread-safe as far as the backend is.
 */
public final class HeldValues {

    private HeldValues() {
    }

    /** The {@code t.size()} values of {@code t} (a tensor of {@code backend}), row-major. */
    public static double[] of(Backend backend, Tensor t) {
        double[] out = new double[t.size()];
        if (t.dtype() == DType.INT32) {
            int[] ints = new int[t.size()];
            backend.download(t, ints, 0);
            for (int i = 0; i < ints.length; i++) {
                out[i] = ints[i];
            }
        } else {
            backend.download(t, out, 0);
        }
        return out;
    }
}
