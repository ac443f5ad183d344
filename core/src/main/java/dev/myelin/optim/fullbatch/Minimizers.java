package dev.myelin.optim.fullbatch;

import dev.myelin.util.OptionSpec;

import java.util.List;
import java.util.Map;

/**
 * Builds a full-batch {@link Minimizer} from a one-line specification in the grammar of
 * {@link OptionSpec}, e.g. {@code lbfgs}, {@code lbfgs:history=5,max_iter=200} or {@code cg:c2=0.05}.
 * <table>
 *   <caption>full-batch methods</caption>
 *   <tr><th>name</th><th>method</th><th>keys (default)</th></tr>
 *   <tr><td>lbfgs</td><td>{@link Lbfgs}</td><td>history (10), max_iter (100), max_eval (5/4 of max_iter), tol_grad (1e-7),
 *       tol_change (1e-9), lr (1)</td></tr>
 *   <tr><td>cg</td><td>{@link NonlinearCg}</td><td>max_iter (1000), max_eval (5/2 of max_iter), tol_grad (1e-7),
 *       tol_change (1e-9), lr (1), c2 (0.1), restart (0: every n iterations)</td></tr>
 * </table>
 * Aliases: {@code l-bfgs} for lbfgs, {@code conjugate_gradient} for cg; {@code history_size} for history.
 *
 * <p>Stateless; thread-safe.
 */
public final class Minimizers {
    /** The names {@link #parse} knows. */
    public static final List<String> NAMES = List.of("lbfgs", "cg");

    private static final Map<String, String> ALIASES = Map.of("history_size", "history", "max_iterations", "max_iter", "max_evaluations", "max_eval",
            "tolerance_grad", "tol_grad", "tolerance_change", "tol_change", "learning_rate", "lr");

    private Minimizers() {
    }

    /** Parses {@code text}; settings it does not give take the method's defaults. */
    public static Minimizer parse(String text) {
        OptionSpec s = OptionSpec.parse(text, ALIASES, "full-batch method", "lbfgs:history=10; names: " + String.join(", ", NAMES));
        String name = switch (s.name()) {
            case "l-bfgs" -> "lbfgs";
            case "conjugate_gradient" -> "cg";
            default -> s.name();
        };
        switch (name) {
            case "lbfgs": {
                s.accept("history", "max_iter", "max_eval", "tol_grad", "tol_change", "lr");
                Lbfgs d = Lbfgs.defaults();
                int maxIter = s.integer("max_iter", d.maxIterations());
                int maxEval = s.integer("max_eval", s.has("max_iter") ? Math.max(1, maxIter * 5 / 4) : d.maxEvaluations());
                return new Lbfgs(s.integer("history", d.historySize()), maxIter, maxEval, s.number("tol_grad", d.toleranceGrad()),
                        s.number("tol_change", d.toleranceChange()), s.number("lr", d.learningRate()));
            }
            case "cg": {
                s.accept("max_iter", "max_eval", "tol_grad", "tol_change", "lr", "c2", "restart");
                NonlinearCg d = NonlinearCg.defaults();
                int maxIter = s.integer("max_iter", d.maxIterations());
                int maxEval = s.integer("max_eval", s.has("max_iter") ? Math.max(1, maxIter * 5 / 2) : d.maxEvaluations());
                return new NonlinearCg(maxIter, maxEval, s.number("tol_grad", d.toleranceGrad()), s.number("tol_change", d.toleranceChange()),
                        s.number("lr", d.learningRate()), s.number("c2", d.curvature()), s.integer("restart", d.restartInterval()));
            }
            default:
                throw new IllegalArgumentException("unknown full-batch method '" + s.name() + "' in '" + text + "'; known: " + String.join(", ", NAMES));
        }
    }
}
