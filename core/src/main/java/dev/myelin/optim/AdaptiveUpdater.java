package dev.myelin.optim;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.util.ArgumentChecks;

/**
 * The common part of the adaptive updaters: one zero-initialised state buffer {@code [slots, P]}
 * whose rows are handed to the backend's fused step as views, the learning-rate check of every step,
 * and the step counter. A rule supplies only {@link #update}.
 */
abstract class AdaptiveUpdater implements Updater {
    final Backend backend;
    private final Tensor state;
    private final Tensor[] rows;
    private long steps;

    AdaptiveUpdater(Backend backend, int parameterCount, int slots) {
        ArgumentChecks.atLeast("parameter count", parameterCount, 0);
        this.backend = backend;
        int p = Math.max(parameterCount, 1);
        this.state = backend.allocate(slots, p);
        this.rows = new Tensor[slots];
        for (int r = 0; r < slots; r++) {
            rows[r] = backend.view(state, (long) r * p, 1, p);
        }
    }

    @Override
    public final void step(Tensor params, Tensor grads, double learningRate, Tensor gradScale) {
        ArgumentChecks.positive("learning rate", learningRate);
        update(params, grads, learningRate, gradScale);
        steps++;
    }

    /**
     * The rule's fused step, as {@link #step} describes, with a learning rate already checked;
     * {@link #steps()} still counts the steps before this one.
     */
    abstract void update(Tensor params, Tensor grads, double lr, Tensor gradScale);

    /** Row {@code r} of the state, {@code [1, P]}. */
    final Tensor slot(int r) {
        return rows[r];
    }

    @Override
    public final Tensor state() {
        return state;
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final void restore(double[] values, long stepCount) {
        if (values.length != state.size() || stepCount < 0) {
            throw new IllegalArgumentException("optimiser state: expected " + state.size() + " values and a step count >= 0, got "
                    + values.length + " and " + stepCount);
        }
        backend.upload(values, 0, state);
        this.steps = stepCount;
    }

    @Override
    public final void close() {
        for (Tensor row : rows) {
            row.close();
        }
        state.close();
    }
}
