package dev.myelin.optim;

import dev.myelin.backend.MomentumForm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * Builds an {@link Optimizer} from a one-line text specification, as given on the command line
 * ({@code myelin train --optimizer adam:lr=1e-3,beta2=0.99}).
 *
 * <h2>Grammar</h2>
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
 */
public final class Optimizers {
    /** Default η of SGD when the specification gives none (Keras's; PyTorch has no default). */
    public static final double DEFAULT_SGD_LEARNING_RATE = 0.01;
    /** Default β of the momentum, nesterov and ema names. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    /** The optimiser names {@link #parse} knows, in the order of the class documentation. */
    public static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "ema", "adagrad", "adadelta", "rmsprop", "adam", "adamw",
            "nadam");

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
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

    private static Optimizer parse(String spec, OptionalDouble learningRate) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("optimizer specification is empty; expected name[:key=value,...], e.g. adam:lr=1e-3; names: "
                    + String.join(", ", NAMES));
        }
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "' in '" + spec + "'; known: " + String.join(", ", NAMES));
        }
        Settings s = new Settings(name, spec, learningRate);
        if (colon >= 0) {
            String rest = spec.substring(colon + 1);
            if (rest.isBlank()) {
                throw new IllegalArgumentException(name + ": nothing after ':' in '" + spec + "'; give key=value settings or drop the ':'");
            }
            for (String item : rest.split(",", -1)) {
                s.add(item);
            }
        }
        return switch (name) {
            case "sgd", "momentum", "nesterov", "ema" -> sgd(s);
            case "adagrad" -> {
                s.accept("lr", "eps", "wd");
                yield new AdaGrad(s.lr(AdaGrad.DEFAULT_LEARNING_RATE), s.number("eps", AdaGrad.DEFAULT_EPSILON), s.number("wd", 0));
            }
            case "adadelta" -> {
                s.accept("lr", "rho", "eps", "wd");
                yield new AdaDelta(s.lr(AdaDelta.DEFAULT_LEARNING_RATE), s.number("rho", AdaDelta.DEFAULT_RHO),
                        s.number("eps", AdaDelta.DEFAULT_EPSILON), s.number("wd", 0));
            }
            case "rmsprop" -> {
                s.accept("lr", "alpha", "eps", "momentum", "wd", "centered");
                yield new RmsProp(s.lr(RmsProp.DEFAULT_LEARNING_RATE), s.number("alpha", RmsProp.DEFAULT_ALPHA),
                        s.number("eps", RmsProp.DEFAULT_EPSILON), s.number("momentum", 0), s.flag("centered"), s.number("wd", 0));
            }
            case "adam" -> {
                s.accept("lr", "beta1", "beta2", "eps", "wd");
                yield new Adam(s.lr(Adam.DEFAULT_LEARNING_RATE), s.number("beta1", Adam.DEFAULT_BETA1), s.number("beta2", Adam.DEFAULT_BETA2),
                        s.number("eps", Adam.DEFAULT_EPSILON), s.number("wd", 0));
            }
            case "adamw" -> {
                s.accept("lr", "beta1", "beta2", "eps", "wd");
                yield new AdamW(s.lr(Adam.DEFAULT_LEARNING_RATE), s.number("beta1", Adam.DEFAULT_BETA1), s.number("beta2", Adam.DEFAULT_BETA2),
                        s.number("eps", Adam.DEFAULT_EPSILON), s.number("wd", AdamW.DEFAULT_WEIGHT_DECAY));
            }
            case "nadam" -> {
                s.accept("lr", "beta1", "beta2", "eps", "wd", "momentum_decay");
                yield new Nadam(s.lr(Nadam.DEFAULT_LEARNING_RATE), s.number("beta1", Adam.DEFAULT_BETA1), s.number("beta2", Adam.DEFAULT_BETA2),
                        s.number("eps", Adam.DEFAULT_EPSILON), s.number("wd", 0), s.number("momentum_decay", Nadam.DEFAULT_MOMENTUM_DECAY));
            }
            default -> throw new IllegalStateException(name);
        };
    }

    private static Optimizer sgd(Settings s) {
        s.accept("lr", "momentum", "wd", "nesterov", "ema");
        boolean nesterov = s.flag("nesterov") || s.name.equals("nesterov");
        boolean ema = s.flag("ema") || s.name.equals("ema");
        if (nesterov && ema) {
            throw new IllegalArgumentException(s.name + ": nesterov and ema are two different momentum forms; choose one, in '" + s.spec + "'");
        }
        double momentum = s.number("momentum", s.name.equals("sgd") ? 0 : DEFAULT_MOMENTUM);
        if ((nesterov || ema) && momentum == 0) {
            throw new IllegalArgumentException(s.name + ": " + (nesterov ? "nesterov" : "ema") + " needs momentum > 0, e.g. sgd:momentum=0.9,"
                    + (nesterov ? "nesterov" : "ema") + ", in '" + s.spec + "'");
        }
        MomentumForm form = momentum == 0 ? MomentumForm.NONE : nesterov ? MomentumForm.NESTEROV : ema ? MomentumForm.EMA : MomentumForm.CLASSICAL;
        return new Sgd(s.lr(DEFAULT_SGD_LEARNING_RATE), momentum, form, s.number("wd", 0));
    }

    /** The settings of one specification, as given (canonical key → raw value, null for a bare flag). */
    private static final class Settings {
        final String name;
        final String spec;
        final OptionalDouble learningRate;
        final Map<String, String> values = new LinkedHashMap<>();

        Settings(String name, String spec, OptionalDouble learningRate) {
            this.name = name;
            this.spec = spec;
            this.learningRate = learningRate;
        }

        void add(String item) {
            int eq = item.indexOf('=');
            String rawKey = (eq < 0 ? item : item.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (rawKey.isEmpty()) {
                throw new IllegalArgumentException(name + ": empty setting in '" + spec + "'; settings are key=value or a flag, separated by commas");
            }
            String key = ALIASES.getOrDefault(rawKey, rawKey);
            String value = eq < 0 ? null : item.substring(eq + 1).trim();
            if (values.containsKey(key)) {
                throw new IllegalArgumentException(name + ": " + key + " is given twice in '" + spec + "'");
            }
            values.put(key, value);
        }

        /** Rejects any key not in {@code accepted}. */
        void accept(String... accepted) {
            List<String> ok = List.of(accepted);
            for (String key : values.keySet()) {
                if (!ok.contains(key)) {
                    throw new IllegalArgumentException(name + " has no setting '" + key + "' (in '" + spec + "'); it takes " + String.join(", ", ok));
                }
            }
        }

        double lr(double fallback) {
            return values.containsKey("lr") ? number("lr", fallback) : learningRate.orElse(fallback);
        }

        double number(String key, double fallback) {
            if (!values.containsKey(key)) {
                return fallback;
            }
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(name + ": " + key + " needs a value, e.g. " + key + "=" + fallback + ", in '" + spec + "'");
            }
            if (!NUMBER.matcher(v).matches()) {
                throw new IllegalArgumentException(name + ": " + key + " must be a decimal number such as 0.9 or 1e-3, got '" + v + "' in '" + spec + "'");
            }
            return Double.parseDouble(v);
        }

        boolean flag(String key) {
            if (!values.containsKey(key)) {
                return false;
            }
            String v = values.get(key);
            if (v == null || v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
            throw new IllegalArgumentException(name + ": " + key + " is a flag: write " + key + " or " + key + "=true/false, got '" + v + "' in '"
                    + spec + "'");
        }
    }
}
