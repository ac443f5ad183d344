package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

/**
 * The plumbing of a layer whose output is as wide as its input (the running form of a {@link SameWidthSpec}):
 * it checks each forward's input {@code [batch, width]}, keeps it for the backward pass, and holds one output and
 * one input-gradient scratch tensor, both {@code [batch, width]}.
 *
 * <p>Not thread-safe, as every {@link Layer}.
 */
abstract class SameWidthLayer extends Layer {
    private final Workspace.Slot output;
    private final Workspace.Slot inputGradient;
    private Tensor input;

    SameWidthLayer(Backend backend, int width) {
        super(backend, width, width);
        this.output = workspace.slot(width);
        this.inputGradient = workspace.slot(width);
    }

    /**
     * Starts a forward pass on {@code x}: checks its width, keeps it as {@link #input()} and returns this pass's output
     * tensor {@code [x.rows(), width]} (valid until the next forward).
     */
    final Tensor outputFor(Tensor x) {
        checkInput(x);
        input = x;
        return output.rows(x.rows());
    }

    /** The last forward pass's input. */
    final Tensor input() {
        return input;
    }

    /** The input-gradient tensor {@code [rows, width]} of a backward pass (valid until the next backward). */
    final Tensor inputGradient(int rows) {
        return inputGradient.rows(rows);
    }
}
