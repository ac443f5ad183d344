package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.util.ArgumentChecks;

/**
 * A fully connected layer {@code z = x·W + b}, {@code W [in, units]}, {@code b [1, units]}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param units       output features
 * @param weightInit  initialiser of W
 * @param biasInit    the constant every bias starts at (default 0)
 */
public record DenseSpec(int units, Initializer weightInit, double biasInit) implements LayerSpec {

    public DenseSpec {
        if (units < 1) {
            throw new IllegalArgumentException("a dense layer needs at least 1 unit, got " + units);
        }
        ArgumentChecks.notNull("dense layer: weight initialiser", weightInit);
        ArgumentChecks.finite("dense layer: bias initial value", biasInit);
    }

    @Override
    public int outputWidth(int inputWidth) {
        return units;
    }

    /** {@code inputWidth·units} weights plus {@code units} biases. */
    @Override
    public long parameterCount(int inputWidth) {
        return (long) inputWidth * units + units;
    }

    @Override
    public Layer build(Backend backend, int inputWidth) {
        return new Dense(backend, inputWidth, this);
    }

    @Override
    public String describe() {
        return "dense:" + units + ":" + weightInit + (biasInit != 0 ? ":bias=" + biasInit : "");
    }
}
