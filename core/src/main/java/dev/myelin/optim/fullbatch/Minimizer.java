package dev.myelin.optim.fullbatch;

import dev.myelin.data.Dataset;
import dev.myelin.model.Model;

/**
 * A full-batch minimiser of an {@link Objective}: {@link Lbfgs} or {@link NonlinearCg}. Unlike an
 * {@link dev.myelin.optim.Optimizer} it evaluates the objective itself, as often as its line search needs.
 *
 * <p>The bundled implementations are immutable and thread-safe; the {@link Objective} they minimise may not be.
 */
public interface Minimizer {

    /** Minimises {@code f} from {@code x0} {@code [n]} (not modified). */
    MinimizationResult minimize(Objective f, double[] x0);

    /** Text form, e.g. {@code lbfgs(history=10, max_iter=100, ...)}. */
    String describe();

    /**
     * Trains {@code model} on the whole of {@code data}: minimises its mean loss (plus its L1/L2 penalty)
     * from its current parameters, and leaves the model holding the result.
     */
    default MinimizationResult fit(Model model, Dataset data) {
        try (ModelObjective objective = ModelObjective.of(model, data)) {
            MinimizationResult result = minimize(objective, objective.initialParameters());
            objective.apply(result.parameters());
            return result;
        }
    }
}
