package dev.myelin.optim;

import dev.myelin.backend.Tensor;

/**
 * A running optimiser: applies one update to the flat parameter buffer from the flat gradient buffer.
 * All of its state (velocities, moment estimates) lives in one flat buffer {@link #state()}, so a
 * device backend updates every parameter in one launch and a model file can save it whole.
 *
 * <p>Not thread-safe: an updater holds one model's optimiser state on its backend and is used by the training
 * thread only.
 */
public interface Updater extends AutoCloseable {

    /**
     * One step: {@code params [1, P]}, {@code grads [1, P]}, the learning rate for this step, and an
     * optional 1-element device tensor by which the gradient is scaled (clipping by global norm), or null.
     */
    void step(Tensor params, Tensor grads, double learningRate, Tensor gradScale);

    /** The state buffer {@code [slots, P]}, or null when the rule keeps no state. */
    Tensor state();

    /** Number of steps taken. */
    long steps();

    /**
     * Puts back a saved state: {@code state} holds {@link #state()}'s values (row-major; empty when it is null) and
     * {@code steps} the step counter, as a checkpoint saved them.
     */
    default void restore(double[] state, long steps) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be restored from a checkpoint");
    }

    @Override
    void close();
}
