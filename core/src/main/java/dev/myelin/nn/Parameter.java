package dev.myelin.nn;

import dev.myelin.backend.Tensor;

import java.util.SplittableRandom;

/**
 * A trainable parameter a layer registers by name ({@link Layer#registerParameter}): its shape, whether L1/L2
 * apply, how to initialise it, and, once its model has placed it, its value and gradient as views of the model's
 * flat parameter and gradient buffers.
 *
 * <p>Not thread-safe: the model attaches the views once, on the thread that builds it; afterwards the handle is
 * read by its layer, which follows its model's thread-safety rules (see {@link dev.myelin.model.Model}).
 */
public final class Parameter {
    private final ParameterBlock block;
    private final Initialization initialization;
    private Tensor value;
    private Tensor gradient;

    /** How a parameter's initial values are drawn on the host. */
    @FunctionalInterface
    public interface Initialization {
        /** Writes the parameter's {@code rows·cols} initial values, row-major, into {@code host[offset ..]}. */
        void fill(double[] host, int offset, SplittableRandom rng);
    }

    Parameter(ParameterBlock block, Initialization initialization) {
        this.block = block;
        this.initialization = initialization;
    }

    /** Name (unique within its layer), shape and whether L1/L2 apply. */
    public ParameterBlock block() {
        return block;
    }

    /** Writes the initial values into {@code host[offset ..]}, drawing from {@code rng}. */
    public void initialize(double[] host, int offset, SplittableRandom rng) {
        initialization.fill(host, offset, rng);
    }

    /**
     * Hands the parameter its value and gradient tensors, both {@code [rows, cols]}: done once by the model that
     * places it (views of its flat buffers), or by a test that runs a layer alone.
     */
    public void attach(Tensor value, Tensor gradient) {
        if (this.value != null) {
            throw new IllegalStateException("parameter " + block.name() + " is already attached");
        }
        checkShape(value, "value");
        checkShape(gradient, "gradient");
        this.value = value;
        this.gradient = gradient;
    }

    private void checkShape(Tensor t, String what) {
        if (t.rows() != block.rows() || t.cols() != block.cols()) {
            throw new IllegalArgumentException("parameter " + block.name() + " is [" + block.rows() + ", " + block.cols() + "], its " + what
                    + " tensor " + t.shape());
        }
    }

    /** The value {@code [rows, cols]}. */
    public Tensor value() {
        ensureAttached();
        return value;
    }

    /** The gradient {@code [rows, cols]}, overwritten by the layer's backward pass. */
    public Tensor gradient() {
        ensureAttached();
        return gradient;
    }

    private void ensureAttached() {
        if (value == null) {
            throw new IllegalStateException("parameter " + block.name() + " was used before its model attached its tensors");
        }
    }
}
