package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.util.ArgumentChecks;

/**
 * PReLU with one learned slope per feature: {@code y = max(0, z) + α_j·min(0, z)}, {@code z, y [batch, features]},
 * {@code α [1, features]} (not regularised).
 *
 * <p>Immutable and thread-safe.
 *
 * @param alphaInit the value every α starts at; default 0.25 (PyTorch's)
 */
public record PReluSpec(double alphaInit) implements SameWidthSpec {
    /** PyTorch's initial slope. */
    public static final double DEFAULT_ALPHA = 0.25;

    public PReluSpec {
        ArgumentChecks.finite("PReLU initial α (default " + DEFAULT_ALPHA + ")", alphaInit);
    }

    /** α starting at 0.25. */
    public static PReluSpec defaults() {
        return new PReluSpec(DEFAULT_ALPHA);
    }

    /** One α per feature. */
    @Override
    public long parameterCount(int inputWidth) {
        return inputWidth;
    }

    @Override
    public Layer build(Backend backend, int inputWidth) {
        return new PRelu(backend, inputWidth, this);
    }

    @Override
    public String describe() {
        return "prelu:alpha=" + alphaInit;
    }
}
