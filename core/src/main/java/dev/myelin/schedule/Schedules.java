package dev.myelin.schedule;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a schedule from its command-line form.
 *
 * <pre>
 * spec     = [ warmup "+" ] schedule | warmup
 * warmup   = "warmup" ":" ( W | W "," params | params )
 * schedule = name [ ":" params ]
 * params   = key "=" value { "," key "=" value }
 * </pre>
 *
 * Names and keys (required keys first; defaults in brackets; every timed schedule also takes
 * {@code per=epoch|step}, saying whether t counts epochs [epoch] or optimiser steps):
 * <ul>
 * <li>{@code constant} — {@link Constant}
 * <li>{@code step:s=10,gamma=0.5} — {@link StepDecay}: s; gamma [0.1]
 * <li>{@code exp:gamma=0.95} — {@link Decay} ({@link DecayFormula#EXPONENTIAL}), or {@code exp:lambda=0.05} —
 *     {@link Decay} ({@link DecayFormula#NATURAL_EXPONENTIAL}): exactly one of gamma, lambda
 * <li>{@code invtime:decay=0.01} — {@link Decay} ({@link DecayFormula#INVERSE_TIME}): decay
 * <li>{@code invsqrt:d=1} — {@link Decay} ({@link DecayFormula#INVERSE_SQRT}): d [1]
 * <li>{@code poly:T=100,power=2,end=1e-5} — {@link PolynomialDecay}: T; power [1]; end [0]
 * <li>{@code cosine:T=50,min=1e-5} — {@link CosineAnnealing}: T; min [0]
 * <li>{@code cosine_restarts:T0=10,mult=2,min=1e-5} — {@link CosineWarmRestarts}: T0; mult [1]; min [0]
 * <li>{@code onecycle:steps=1000} — {@link OneCycle}: steps; pct [0.3]; anneal=cos|linear [cos];
 *     div [25]; final_div [1e4]; three_phase=true|false [false]; per [step]
 * <li>{@code plateau:factor=0.5,patience=3} — {@link ReduceOnPlateau}: monitor [val_loss];
 *     mode=min|max [min]; factor [0.1]; patience [10]; threshold [1e-4];
 *     threshold_mode=rel|abs [rel]; cooldown [0]; min [0]
 * <li>{@code warmup:5+cosine:T=45} — {@link LinearWarmup}: W (or the first value); start [1/3];
 *     per [that of the schedule after it]. Alone ({@code warmup:5}) it is followed by constant.
 * </ul>
 * A warm-up's {@code per} and its schedule's must agree; giving it on one side sets both.
 * Numbers are decimal ({@code 0.5}, {@code 1e-5}); T, s, W, T0, mult, steps, patience and
 * cooldown are integers. Unknown names or keys, duplicates and malformed values are rejected
 * with a message saying what is accepted.
 *
 * <p>Stateless; thread-safe.
 */
public final class Schedules {
    /** The schedule names, for messages and help. */
    public static final String NAMES = "constant, step, exp, invtime, invsqrt, poly, cosine, cosine_restarts, onecycle, plateau, warmup";

    /** One line of help for a command-line option. */
    public static final String SYNTAX = "NAME[:KEY=VALUE,...] or warmup:W[,start=F]+NAME[:...]; names: " + NAMES
            + "; e.g. step:s=10,gamma=0.5  exp:gamma=0.95  cosine:T=50,min=1e-5  onecycle:steps=1000  plateau:factor=0.5,patience=3"
            + "  warmup:5+cosine:T=45; add per=step to count optimiser steps instead of epochs";

    /** Splits at a '+' that starts a name, so 1e+5 stays a number. */
    private static final Pattern PLUS = Pattern.compile("\\+(?=\\s*[A-Za-z_])");

    private Schedules() {
    }

    /** The schedule {@code spec} describes; see the class description for the grammar. */
    public static Schedule parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty schedule: expected one of " + NAMES + ", e.g. cosine:T=50");
        }
        String[] parts = PLUS.split(spec.strip(), -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("schedule '" + spec + "' has more than one '+': write a warm-up, '+', then one schedule");
        }
        if (parts.length == 1) {
            ScheduleTerm term = ScheduleTerm.parse(parts[0], positional(parts[0]));
            return term.name.equals("warmup") ? warmup(term, Schedule.constant()) : single(term, null);
        }
        ScheduleTerm first = ScheduleTerm.parse(parts[0], positional(parts[0]));
        if (!first.name.equals("warmup")) {
            throw new IllegalArgumentException("only a warm-up may come before '+' (e.g. warmup:5+cosine:T=45), got '" + spec + "'");
        }
        ScheduleTerm second = ScheduleTerm.parse(parts[1], positional(parts[1]));
        if (second.name.equals("warmup")) {
            throw new IllegalArgumentException("a warm-up must be followed by a schedule other than a warm-up, got '" + spec + "'");
        }
        return warmup(first, single(second, first.per(null)));
    }

    private static String positional(String term) {
        int colon = term.indexOf(':');
        return (colon < 0 ? term : term.substring(0, colon)).strip().equals("warmup") ? "W" : null;
    }

    private static Schedule warmup(ScheduleTerm term, Schedule then) {
        term.accept(List.of("W", "start", "per"));
        long w = term.requiredInteger("W", "warmup:5+cosine:T=45");
        double start = term.number("start", LinearWarmup.DEFAULT_START_FACTOR);
        Per per = term.per(then instanceof TimedSchedule timed ? timed.per() : Per.EPOCH);
        return new LinearWarmup(w, start, then, per);
    }

    /** One schedule; {@code per} is the unit to use when the term does not say (null: its own default). */
    private static Schedule single(ScheduleTerm t, Per per) {
        Per epochs = per == null ? Per.EPOCH : per;
        switch (t.name) {
            case "constant":
                t.accept(List.of());
                return Schedule.constant();
            case "step":
                t.accept(List.of("s", "gamma", "per"));
                return new StepDecay(t.requiredInteger("s", "step:s=10,gamma=0.5"), t.number("gamma", StepDecay.DEFAULT_GAMMA), t.per(epochs));
            case "exp":
                t.accept(List.of("gamma", "lambda", "per"));
                if (t.has("gamma") == t.has("lambda")) {
                    throw new IllegalArgumentException("exp needs exactly one of gamma (η0·γ^t, e.g. exp:gamma=0.95) or lambda "
                            + "(η0·e^(−λt), e.g. exp:lambda=0.05)");
                }
                return t.has("gamma") ? new Decay(DecayFormula.EXPONENTIAL, t.requiredNumber("gamma", "exp:gamma=0.95"), t.per(epochs))
                        : new Decay(DecayFormula.NATURAL_EXPONENTIAL, t.requiredNumber("lambda", "exp:lambda=0.05"), t.per(epochs));
            case "invtime":
                t.accept(List.of("decay", "per"));
                return new Decay(DecayFormula.INVERSE_TIME, t.requiredNumber("decay", "invtime:decay=0.01"), t.per(epochs));
            case "invsqrt":
                t.accept(List.of("d", "per"));
                return new Decay(DecayFormula.INVERSE_SQRT, t.number("d", 1), t.per(epochs));
            case "poly":
                t.accept(List.of("T", "power", "end", "per"));
                return new PolynomialDecay(t.requiredInteger("T", "poly:T=100,power=2"), t.number("power", 1), t.number("end", 0), t.per(epochs));
            case "cosine":
                t.accept(List.of("T", "min", "per"));
                return new CosineAnnealing(t.requiredInteger("T", "cosine:T=50"), t.number("min", 0), t.per(epochs));
            case "cosine_restarts":
                t.accept(List.of("T0", "mult", "min", "per"));
                return new CosineWarmRestarts(t.requiredInteger("T0", "cosine_restarts:T0=10,mult=2"), t.integer("mult", 1),
                        t.number("min", 0), t.per(epochs));
            case "onecycle":
                t.accept(List.of("steps", "pct", "anneal", "div", "final_div", "three_phase", "per"));
                return new OneCycle(t.requiredInteger("steps", "onecycle:steps=1000"), t.number("pct", 0.3),
                        t.word("anneal", "cos", List.of("cos", "linear")).equals("cos") ? OneCycle.Anneal.COS : OneCycle.Anneal.LINEAR,
                        t.number("div", 25), t.number("final_div", 1e4),
                        t.word("three_phase", "false", List.of("true", "false")).equals("true"), t.per(per == null ? Per.STEP : per));
            case "plateau":
                return plateau(t);
            default:
                throw new IllegalArgumentException("unknown schedule '" + t.name + "'; known: " + NAMES);
        }
    }

    private static Schedule plateau(ScheduleTerm t) {
        t.accept(List.of("monitor", "mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min"));
        PlateauSettings d = PlateauSettings.defaults();
        return new ReduceOnPlateau(new PlateauSettings(t.text("monitor", d.monitor()),
                t.word("mode", "min", List.of("min", "max")).equals("min") ? PlateauSettings.Mode.MIN : PlateauSettings.Mode.MAX,
                t.number("factor", d.factor()), intSetting(t, "patience", d.patience()), t.number("threshold", d.threshold()),
                t.word("threshold_mode", "rel", List.of("rel", "abs")).equals("rel") ? PlateauSettings.ThresholdMode.REL
                        : PlateauSettings.ThresholdMode.ABS,
                intSetting(t, "cooldown", d.cooldown()), t.number("min", d.minRate())));
    }

    private static int intSetting(ScheduleTerm t, String key, int otherwise) {
        long v = t.integer(key, otherwise);
        if (v != (int) v) {
            throw new IllegalArgumentException("plateau " + key + " is out of range, got " + v);
        }
        return (int) v;
    }
}
