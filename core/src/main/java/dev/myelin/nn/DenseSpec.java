package dev.myelin.nn;

import dev.myelin.backend.Backend;

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
        if (weightInit == null) {
            throw new IllegalArgumentException("dense layer: weight initialiser must not be null");
        }
        if (!Double.isFinite(biasInit)) {
            throw new IllegalArgumentException("dense layer: bias initial value must be finite, got " + biasInit);
        }
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
