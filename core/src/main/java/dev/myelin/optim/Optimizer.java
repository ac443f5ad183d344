package dev.myelin.optim;

import dev.myelin.backend.Backend;

/**
 * An optimiser's configuration (what it is), separate from {@link Updater}, the stateful object that
 * runs it on a backend. Batch, stochastic and mini-batch gradient descent are the same optimiser with
 * different batch sizes, chosen in the trainer.
 *
 * <p>The bundled implementations are immutable and thread-safe; the {@link Updater} each one starts is not.
 */
public interface Optimizer {

    /** The base learning rate η (schedules scale it per step). */
    double learningRate();

    /** Starts an update rule for {@code parameterCount} parameters; its state lives in one flat buffer. */
    Updater start(Backend backend, int parameterCount);

    /** Text form, e.g. {@code sgd(lr=0.1, momentum=0.9, nesterov)}. */
    String describe();
}
