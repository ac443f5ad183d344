package dev.myelin.schedule;

import dev.myelin.util.OptionSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * cooldown are integers. Names and keys are case-sensitive. Each term is read by {@link OptionSpec}, so
 * unknown names or keys, duplicates and malformed values are rejected with the same messages as the
 * other option languages: naming the schedule, the bad token and what is accepted.
 *
 * <p>Stateless; thread-safe.
 */
public final class Schedules {
    /** Each schedule name with an example of its specification (the first value of a warm-up is W). */
    private static final Map<String, String> EXAMPLES = examples();

    /** The schedule names, for messages and help. */
    public static final String NAMES = String.join(", ", EXAMPLES.keySet());

    /** One line of help for a command-line option. */
    public static final String SYNTAX = "NAME[:KEY=VALUE,...] or warmup:W[,start=F]+NAME[:...]; names: " + NAMES
            + "; e.g. step:s=10,gamma=0.5  exp:gamma=0.95  cosine:T=50,min=1e-5  onecycle:steps=1000  plateau:factor=0.5,patience=3"
            + "  warmup:5+cosine:T=45; add per=step to count optimiser steps instead of epochs";

    /** Splits at a '+' that starts a name, so 1e+5 stays a number. */
    private static final Pattern PLUS = Pattern.compile("\\+(?=\\s*[A-Za-z_])");

    private static final List<String> PER = List.of("epoch", "step");

    private Schedules() {
    }

    private static Map<String, String> examples() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("constant", "constant");
        m.put("step", "step:s=10,gamma=0.5");
        m.put("exp", "exp:gamma=0.95");
        m.put("invtime", "invtime:decay=0.01");
        m.put("invsqrt", "invsqrt:d=1");
        m.put("poly", "poly:T=100,power=2");
        m.put("cosine", "cosine:T=50");
        m.put("cosine_restarts", "cosine_restarts:T0=10,mult=2");
        m.put("onecycle", "onecycle:steps=1000");
        m.put("plateau", "plateau:factor=0.5,patience=3");
        m.put("warmup", "warmup:5+cosine:T=45");
        return m;
    }

    /** The schedule {@code spec} describes; see the class description for the grammar. */
    public static Schedule parse(String spec) {
        String[] parts = spec == null ? new String[] {""} : PLUS.split(spec.strip(), -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("schedule '" + spec + "' has more than one '+': write a warm-up, '+', then one schedule");
        }
        if (parts.length == 1) {
            OptionSpec term = term(parts[0]);
            return term.name().equals("warmup") ? warmup(term, Schedule.constant()) : single(term, null);
        }
        OptionSpec first = term(parts[0]);
        if (!first.name().equals("warmup")) {
            throw new IllegalArgumentException("only a warm-up may come before '+' (e.g. warmup:5+cosine:T=45), got '" + spec + "'");
        }
        OptionSpec second = term(parts[1]);
        if (second.name().equals("warmup")) {
            throw new IllegalArgumentException("a warm-up must be followed by a schedule other than a warm-up, got '" + spec + "'");
        }
        return warmup(first, single(second, per(first, null)));
    }

    /** One term of a chain; only a warm-up takes a bare first value (its W), no term takes other bare values. */
    private static OptionSpec term(String text) {
        int colon = text.indexOf(':');
        boolean warmup = (colon < 0 ? text : text.substring(0, colon)).strip().equals("warmup");
        OptionSpec term = OptionSpec.parseExact(text, warmup ? "W" : null, "schedule", "cosine:T=50; names: " + NAMES);
        term.acceptPositional(0, EXAMPLES.getOrDefault(term.name(), "NAME:KEY=VALUE,..."));
        return term;
    }

    /** {@code per=epoch|step}, or {@code otherwise} when the term does not say. */
    private static Per per(OptionSpec t, Per otherwise) {
        String v = t.choice("per", null, PER);
        return v == null ? otherwise : v.equals("step") ? Per.STEP : Per.EPOCH;
    }

    private static Schedule warmup(OptionSpec term, Schedule then) {
        term.accept("W", "start", "per");
        long w = term.longInteger("W", EXAMPLES.get("warmup"));
        double start = term.number("start", LinearWarmup.DEFAULT_START_FACTOR);
        Per per = per(term, then instanceof TimedSchedule timed ? timed.per() : Per.EPOCH);
        return new LinearWarmup(w, start, then, per);
    }

    /** One schedule; {@code per} is the unit to use when the term does not say (null: its own default). */
    private static Schedule single(OptionSpec t, Per per) {
        Per epochs = per == null ? Per.EPOCH : per;
        String example = EXAMPLES.get(t.name());
        switch (t.name()) {
            case "constant":
                t.accept();
                return Schedule.constant();
            case "step":
                t.accept("s", "gamma", "per");
                return new StepDecay(t.longInteger("s", example), t.number("gamma", StepDecay.DEFAULT_GAMMA), per(t, epochs));
            case "exp":
                t.accept("gamma", "lambda", "per");
                if (t.has("gamma") == t.has("lambda")) {
                    throw new IllegalArgumentException("exp needs exactly one of gamma (η0·γ^t, e.g. exp:gamma=0.95) or lambda "
                            + "(η0·e^(−λt), e.g. exp:lambda=0.05)");
                }
                return t.has("gamma") ? new Decay(DecayFormula.EXPONENTIAL, t.number("gamma", example), per(t, epochs))
                        : new Decay(DecayFormula.NATURAL_EXPONENTIAL, t.number("lambda", "exp:lambda=0.05"), per(t, epochs));
            case "invtime":
                t.accept("decay", "per");
                return new Decay(DecayFormula.INVERSE_TIME, t.number("decay", example), per(t, epochs));
            case "invsqrt":
                t.accept("d", "per");
                return new Decay(DecayFormula.INVERSE_SQRT, t.number("d", 1), per(t, epochs));
            case "poly":
                t.accept("T", "power", "end", "per");
                return new PolynomialDecay(t.longInteger("T", example), t.number("power", 1), t.number("end", 0), per(t, epochs));
            case "cosine":
                t.accept("T", "min", "per");
                return new CosineAnnealing(t.longInteger("T", example), t.number("min", 0), per(t, epochs));
            case "cosine_restarts":
                t.accept("T0", "mult", "min", "per");
                return new CosineWarmRestarts(t.longInteger("T0", example), t.longInteger("mult", 1L), t.number("min", 0), per(t, epochs));
            case "onecycle":
                t.accept("steps", "pct", "anneal", "div", "final_div", "three_phase", "per");
                return new OneCycle(t.longInteger("steps", example), t.number("pct", 0.3),
                        t.choice("anneal", "cos", List.of("cos", "linear")).equals("cos") ? OneCycle.Anneal.COS : OneCycle.Anneal.LINEAR,
                        t.number("div", 25), t.number("final_div", 1e4),
                        t.choice("three_phase", "false", List.of("true", "false")).equals("true"), per(t, per == null ? Per.STEP : per));
            case "plateau":
                return plateau(t);
            default:
                throw t.unknownName("schedule", EXAMPLES.keySet());
        }
    }

    private static Schedule plateau(OptionSpec t) {
        t.accept("monitor", "mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min");
        PlateauSettings d = PlateauSettings.defaults();
        return new ReduceOnPlateau(new PlateauSettings(t.string("monitor", d.monitor()),
                t.choice("mode", "min", List.of("min", "max")).equals("min") ? PlateauSettings.Mode.MIN : PlateauSettings.Mode.MAX,
                t.number("factor", d.factor()), t.integer("patience", d.patience()), t.number("threshold", d.threshold()),
                t.choice("threshold_mode", "rel", List.of("rel", "abs")).equals("rel") ? PlateauSettings.ThresholdMode.REL
                        : PlateauSettings.ThresholdMode.ABS,
                t.integer("cooldown", d.cooldown()), t.number("min", d.minRate())));
    }
}
