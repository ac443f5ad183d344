package dev.myelin.optim;

import dev.myelin.backend.Backend;

/**
 * An optimiser's configuration (what it is), separate from {@link Updater}, the stateful object that
 * runs it on a backend. Batch, stochastic and mini-batch gradient descent are the same optimiser with
 * different batch sizes, chosen in the trainer.
 */
public interface Optimizer {

    /** The base learning rate η (schedules scale it per step). */
    double learningRate();

    /** Starts an update rule for {@code parameterCount} parameters; its state lives in one flat buffer. */
    Updater start(Backend backend, int parameterCount);

    /** Text form, e.g. {@code sgd(lr=0.1, momentum=0.9, nesterov)}. */
    String describe();

    /** Checks η: finite and > 0. Shared by every optimiser's constructor. */
    static void checkLearningRate(double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + learningRate);
        }
    }

    /** Checks that {@code value} lies in [0, 1). */
    static void checkUnitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }

    /** Checks that {@code value} lies in the open interval (0, 1) (Adam's β1 and β2). */
    static void checkOpenUnitInterval(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1), got " + value);
        }
    }

    /** Checks that a weight-decay coefficient is finite and ≥ 0. */
    static void checkDecay(double weightDecay) {
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
        }
    }

    /** Checks that {@code value} is finite and > 0 (ε and similar); {@code name} names the setting in the message. */
    static void checkPositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
    }

    /** Checks that {@code value} is finite and ≥ 0; {@code name} names the setting in the message. */
    static void checkNonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }
}
