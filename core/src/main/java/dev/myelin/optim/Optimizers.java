package dev.myelin.optim;

import dev.myelin.backend.MomentumForm;

import dev.myelin.util.OptionSpec;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Builds an {@link Optimizer} from a one-line text specification, as given on the command line
 * ({@code myelin train --optimizer adam:lr=1e-3,beta2=0.99}).
 *
 * <h2>Grammar</h2>
 * That of {@link OptionSpec}:
 * <pre>
 *   spec    := name [ ':' setting { ',' setting } ]
 *   setting := key '=' number  |  flag  |  flag '=' ( 'true' | 'false' )
 *   number  := decimal, optionally with an exponent: 0.9, 1e-3, .5, 2E+1 (no NaN, no infinity)
 * </pre>
 * Names and keys are case-insensitive; blanks around names, keys and values are ignored; a key may be
 * given once. Anything not given takes the optimiser's default (see each class).
 *
 * <h2>Names and their keys</h2>
 * <table>
 *   <caption>optimisers</caption>
 *   <tr><th>name</th><th>optimiser</th><th>keys (default)</th></tr>
 *   <tr><td>sgd</td><td>{@link Sgd}</td><td>lr (0.01), momentum (0), wd (0), flags nesterov, ema</td></tr>
 *   <tr><td>momentum</td><td>{@link Sgd} classical momentum</td><td>as sgd, momentum (0.9)</td></tr>
 *   <tr><td>nesterov</td><td>{@link Sgd} Nesterov</td><td>as sgd, momentum (0.9)</td></tr>
 *   <tr><td>ema</td><td>{@link Sgd} EMA momentum</td><td>as sgd, momentum (0.9)</td></tr>
 *   <tr><td>adagrad</td><td>{@link AdaGrad}</td><td>lr (0.01), eps (1e-10), wd (0)</td></tr>
 *   <tr><td>adadelta</td><td>{@link AdaDelta}</td><td>lr (1.0), rho (0.9), eps (1e-6), wd (0)</td></tr>
 *   <tr><td>rmsprop</td><td>{@link RmsProp}</td><td>lr (0.01), alpha (0.99), eps (1e-8), momentum (0), wd (0), flag centered</td></tr>
 *   <tr><td>adam</td><td>{@link Adam}</td><td>lr (1e-3), beta1 (0.9), beta2 (0.999), eps (1e-8), wd (0, coupled L2)</td></tr>
 *   <tr><td>adamw</td><td>{@link AdamW}</td><td>lr (1e-3), beta1 (0.9), beta2 (0.999), eps (1e-8), wd (0.01, decoupled)</td></tr>
 *   <tr><td>nadam</td><td>{@link Nadam}</td><td>lr (2e-3), beta1 (0.9), beta2 (0.999), eps (1e-8), wd (0), momentum_decay (4e-3)</td></tr>
 * </table>
 * Aliases: {@code learning_rate} for lr, {@code weight_decay} for wd, {@code epsilon} for eps,
 * {@code centred} for centered. Examples: {@code adam}, {@code adam:lr=1e-3,beta1=0.9},
 * {@code adamw:lr=1e-3,wd=0.01}, {@code rmsprop:centered,momentum=0.9}, {@code sgd:lr=0.1,momentum=0.9,nesterov}.
 *
 * <p>Errors throw {@link IllegalArgumentException} saying what was wrong and what is accepted; values
 * out of range are rejected by the optimiser's own checks, whose messages name the setting and its range.
 *
 * <p>Stateless; thread-safe.
 */
public final class Optimizers {
    /** Default η of SGD when the specification gives none (Keras's; PyTorch has no default). */
    public static final double DEFAULT_SGD_LEARNING_RATE = 0.01;
    /** Default β of the momentum, nesterov and ema names. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    /** The optimiser names {@link #parse} knows, in the order of the class documentation. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "ema", "adagrad", "adadelta", "rmsprop", "adam", "adamw",
            "nadam");

    private static final Map<String, String> ALIASES = Map.of("learning_rate", "lr", "weight_decay", "wd", "epsilon", "eps", "centred", "centered");

    private Optimizers() {
    }

    /** Parses {@code spec}; settings it does not give take each optimiser's defaults. */
    public static Optimizer parse(String spec) {
        return parse(spec, OptionalDouble.empty());
    }

    /**
     * Parses {@code spec}; when it gives no {@code lr}, {@code learningRate} is used instead of the
     * optimiser's default (for a separate {@code --lr} option).
     */
    public static Optimizer parse(String spec, double learningRate) {
        return parse(spec, OptionalDouble.of(learningRate));
    }

    private static Optimizer parse(String text, OptionalDouble learningRate) {
        OptionSpec s = OptionSpec.parse(text, ALIASES, "optimizer", "adam:lr=1e-3; names: " + String.join(", ", NAMES));
        String name = s.name();
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "' in '" + text + "'; known: " + String.join(", ", NAMES));
        }
        return switch (name) {
            case "sgd", "momentum", "nesterov", "ema" -> sgd(s, learningRate);
            case "adagrad" -> {
                s.accept("lr", "eps", "wd");
                yield new AdaGrad(lr(s, learningRate, AdaGrad.DEFAULT_LEARNING_RATE), s.number("eps", AdaGrad.DEFAULT_EPSILON), s.number("wd", 0));
            }
            case "adadelta" -> {
                s.accept("lr", "rho", "eps", "wd");
                yield new AdaDelta(lr(s, learningRate, AdaDelta.DEFAULT_LEARNING_RATE), s.number("rho", AdaDelta.DEFAULT_RHO),
                        s.number("eps", AdaDelta.DEFAULT_EPSILON), s.number("wd", 0));
            }
            case "rmsprop" -> {
                s.accept("lr", "alpha", "eps", "momentum", "wd", "centered");
                yield new RmsProp(lr(s, learningRate, RmsProp.DEFAULT_LEARNING_RATE), s.number("alpha", RmsProp.DEFAULT_ALPHA),
                        s.number("eps", RmsProp.DEFAULT_EPSILON), s.number("momentum", 0), s.flag("centered"), s.number("wd", 0));
            }
            case "adam" -> {
                s.accept("lr", "beta1", "beta2", "eps", "wd");
                yield new Adam(lr(s, learningRate, Adam.DEFAULT_LEARNING_RATE), s.number("beta1", Adam.DEFAULT_BETA1),
                        s.number("beta2", Adam.DEFAULT_BETA2), s.number("eps", Adam.DEFAULT_EPSILON), s.number("wd", 0));
            }
            case "adamw" -> {
                s.accept("lr", "beta1", "beta2", "eps", "wd");
                yield new AdamW(lr(s, learningRate, Adam.DEFAULT_LEARNING_RATE), s.number("beta1", Adam.DEFAULT_BETA1),
                        s.number("beta2", Adam.DEFAULT_BETA2), s.number("eps", Adam.DEFAULT_EPSILON), s.number("wd", AdamW.DEFAULT_WEIGHT_DECAY));
            }
            case "nadam" -> {
                s.accept("lr", "beta1", "beta2", "eps", "wd", "momentum_decay");
                yield new Nadam(lr(s, learningRate, Nadam.DEFAULT_LEARNING_RATE), s.number("beta1", Adam.DEFAULT_BETA1),
                        s.number("beta2", Adam.DEFAULT_BETA2), s.number("eps", Adam.DEFAULT_EPSILON), s.number("wd", 0),
                        s.number("momentum_decay", Nadam.DEFAULT_MOMENTUM_DECAY));
            }
            default -> throw new IllegalStateException(name);
        };
    }

    private static double lr(OptionSpec s, OptionalDouble learningRate, double fallback) {
        return s.has("lr") ? s.number("lr", fallback) : learningRate.orElse(fallback);
    }

    private static Optimizer sgd(OptionSpec s, OptionalDouble learningRate) {
        s.accept("lr", "momentum", "wd", "nesterov", "ema");
        String name = s.name();
        boolean nesterov = s.flag("nesterov") || name.equals("nesterov");
        boolean ema = s.flag("ema") || name.equals("ema");
        if (nesterov && ema) {
            throw new IllegalArgumentException(name + ": nesterov and ema are two different momentum forms; choose one, in '" + s.text() + "'");
        }
        double momentum = s.number("momentum", name.equals("sgd") ? 0 : DEFAULT_MOMENTUM);
        if ((nesterov || ema) && momentum == 0) {
            throw new IllegalArgumentException(name + ": " + (nesterov ? "nesterov" : "ema") + " needs momentum > 0, e.g. sgd:momentum=0.9,"
                    + (nesterov ? "nesterov" : "ema") + ", in '" + s.text() + "'");
        }
        MomentumForm form = momentum == 0 ? MomentumForm.NONE : nesterov ? MomentumForm.NESTEROV : ema ? MomentumForm.EMA : MomentumForm.CLASSICAL;
        return new Sgd(lr(s, learningRate, DEFAULT_SGD_LEARNING_RATE), momentum, form, s.number("wd", 0));
    }
}
