package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.util.ArgumentChecks;

/**
 * Maxout (Goodfellow et al. 2013): a dense map to {@code units·k} linear pieces, then the maximum of
 * each group of k consecutive pieces: {@code y[i, u] = max_r (x·W + b)[i, u·k + r]}, {@code x [batch, in]},
 * {@code W [in, units·k]} (regularised), {@code b [1, units·k]} starting at 0, {@code y [batch, units]}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param units      output features, ≥ 1
 * @param k          linear pieces per unit, ≥ 2
 * @param weightInit initialiser of W; {@link #DEFAULT_INITIALIZER} when the builder is given none
 */
public record MaxoutSpec(int units, int k, Initializer weightInit) implements LayerSpec {
    /** Xavier/Glorot uniform over {@code fan_out = units·k}: each piece is a linear unit. */
    public static final Initializer DEFAULT_INITIALIZER = Initializer.xavierUniform();

    public MaxoutSpec {
        if (units < 1) {
            throw new IllegalArgumentException("a maxout layer needs at least 1 unit, got " + units);
        }
        ArgumentChecks.atLeast("maxout k (linear pieces per unit)", k, 2);
        if ((long) units * k > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("maxout: units·k = " + ((long) units * k) + " pieces is too many");
        }
        ArgumentChecks.notNull("maxout layer: weight initialiser", weightInit);
    }

    @Override
    public int outputWidth(int inputWidth) {
        return units;
    }

    /** A dense layer to {@code units·k} pieces: {@code (inputWidth + 1)·units·k}. */
    @Override
    public long parameterCount(int inputWidth) {
        return ((long) inputWidth + 1) * units * k;
    }

    @Override
    public Layer build(Backend backend, int inputWidth) {
        return new Maxout(backend, inputWidth, this);
    }

    @Override
    public String describe() {
        return "maxout:" + units + ":" + k + ":" + weightInit;
    }
}
