package dev.myelin.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one reader of Myelin's small option languages: the optimiser ({@code adam:lr=1e-3,beta1=0.9}), the full-batch
 * method ({@code lbfgs:history=5}), the loss ({@code huber:2}, {@code cce,smoothing=0.1}), the activation
 * ({@code leaky_relu:0.2}), each term of a learning-rate schedule ({@code cosine:T=50,min=1e-5}, {@code warmup:5}; the
 * schedule language splits a {@code +}-joined chain itself), and the item lists of the command line's network
 * ({@code 128:relu,64:tanh}) and augmentation ({@code shift:1,zoom:0.9-1.1}). Each language keeps only its table of names
 * and keys.
 *
 * <pre>
 *   spec     := name [ ( ':' | ',' ) argument { ',' argument } ]     settings, read by {@link #parse}
 *   argument := key '=' value  |  value                              a bare value is a flag or a positional value
 *   list     := item { ',' item }                                    read by {@link #list}
 *   item     := name { ':' value }                                   every argument positional
 *   number   := decimal, optionally with an exponent: 0.9, 1e-3, .5, 2E+1 (no NaN, no infinity)
 *   integer  := digits, optionally signed
 * </pre>
 * The name and keys are lower-cased, except in {@link #parseExact} (schedules, whose keys T, T0 and W are
 * case-sensitive); blanks around names, keys and values are ignored; a key may be given once. Every
 * error is an {@link IllegalArgumentException} that names the option (or the name of what it specifies), the bad token
 * and what is accepted: an empty specification or item, nothing after the separator, an empty setting, a key given
 * twice, an unknown name or key, a missing value, and a value that is not a number, a whole number or a flag.
 *
 * <p>Read-only once parsed; safe to share between threads after safe publication.
 */
public final class OptionSpec {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern LONG_INTEGER = Pattern.compile("[+-]?\\d{1,18}");

    private final String text;
    private final String name;
    /** For messages of list items: the option with its whole value, e.g. {@code --augment shift:1,spin:3}; null for settings. */
    private final String option;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    private OptionSpec(String text, String name, String option) {
        this.text = text;
        this.name = name;
        this.option = option;
    }

    /**
     * Parses settings {@code text}; each key is replaced by its canonical form in {@code aliases} when it has one. A bare
     * argument is a flag ({@link #flag}), also listed in order by {@link #positional}.
     *
     * @param what what is being specified, for messages (e.g. {@code optimizer})
     * @param example an example specification, for messages
     */
    public static OptionSpec parse(String text, Map<String, String> aliases, String what, String example) {
        return parse(text, aliases, what, example, true, null);
    }

    /**
     * Parses {@code text} whose bare arguments are positional values only ({@code huber:2}, {@code leaky_relu:0.2}), never
     * flags: they may repeat and {@link #accept} does not see them.
     */
    public static OptionSpec parseWithValues(String text, String what, String example) {
        return parse(text, Map.of(), what, example, false, null);
    }

    /**
     * Parses {@code text} keeping the case of its name and keys ({@code cosine:T=50} and {@code cosine:t=50} differ); its bare
     * arguments are positional values, except that the first argument, given bare, stands for {@code firstValueKey} when that
     * is not null ({@code warmup:5} is {@code warmup:W=5}).
     */
    public static OptionSpec parseExact(String text, String firstValueKey, String what, String example) {
        return parse(text, Map.of(), what, example, false, new Exact(firstValueKey));
    }

    /** How {@link #parseExact} reads: the key a leading bare value stands for (null: none). */
    private record Exact(String firstValueKey) {
    }

    private static OptionSpec parse(String text, Map<String, String> aliases, String what, String example, boolean bareAreFlags, Exact exact) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " specification is empty; expected name[:key=value,...], e.g. " + example);
        }
        int end = firstOf(text, ':', ',');
        String name = fold((end < 0 ? text : text.substring(0, end)).trim(), exact);
        OptionSpec spec = new OptionSpec(text, name, null);
        if (end >= 0) {
            String rest = text.substring(end + 1);
            if (rest.isBlank()) {
                throw new IllegalArgumentException(name + ": nothing after '" + text.charAt(end) + "' in '" + text + "'; give key=value settings or drop the '"
                        + text.charAt(end) + "'");
            }
            String[] items = rest.split(",", -1);
            for (int i = 0; i < items.length; i++) {
                String firstValueKey = i == 0 && exact != null ? exact.firstValueKey() : null;
                spec.add(items[i], aliases, bareAreFlags, exact, firstValueKey);
            }
        }
        return spec;
    }

    /**
     * The items of {@code value}, a list given to {@code option}, each a name and its positional values after colons; an empty
     * item (two commas in a row, a comma at an end) is an error that calls it an empty {@code kind}.
     */
    public static List<OptionSpec> list(String option, String value, String kind) {
        List<OptionSpec> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            if (item.isBlank()) {
                throw new IllegalArgumentException(option + " '" + value + "' has an empty " + kind + " between commas; write each as name:value");
            }
            String[] parts = item.trim().split(":", -1);
            OptionSpec spec = new OptionSpec(item.trim(), parts[0].trim().toLowerCase(Locale.ROOT), option + " " + value);
            for (int i = 1; i < parts.length; i++) {
                spec.positional.add(parts[i].trim());
            }
            items.add(spec);
        }
        return items;
    }

    private static String fold(String word, Exact exact) {
        return exact != null ? word : word.toLowerCase(Locale.ROOT);
    }

    private static int firstOf(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private void add(String item, Map<String, String> aliases, boolean bareAreFlags, Exact exact, String firstValueKey) {
        int eq = item.indexOf('=');
        String rawKey = fold((eq < 0 ? item : item.substring(0, eq)).trim(), exact);
        if (rawKey.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty setting in '" + text + "'; settings are key=value or a flag, separated by commas");
        }
        if (eq < 0 && firstValueKey != null) {
            values.put(firstValueKey, item.trim());
            return;
        }
        if (eq < 0) {
            positional.add(item.trim());
            if (!bareAreFlags) {
                return;
            }
        }
        String key = aliases.getOrDefault(rawKey, rawKey);
        if (values.containsKey(key)) {
            throw new IllegalArgumentException(name + ": " + key + " is given twice in '" + text + "'");
        }
        values.put(key, eq < 0 ? null : item.substring(eq + 1).trim());
    }

    /** The name before the first separator, lower-cased. */
    public String name() {
        return name;
    }

    /** The specification (or the list item) as given. */
    public String text() {
        return text;
    }

    /** Whether {@code key} was given. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Where this specification stands, for messages: a list item's option with its whole value, else the name. */
    public String where() {
        return option != null ? option : name;
    }

    /** The same specification with {@code values} as its positional values (e.g. the two bounds of a range written MIN-MAX). */
    public OptionSpec withPositional(List<String> values) {
        OptionSpec copy = new OptionSpec(text, name, option);
        copy.positional.addAll(values);
        copy.values.putAll(this.values);
        return copy;
    }

    /** The bare arguments, in order, as written (a list item's values after its name). */
    public List<String> positional() {
        return List.copyOf(positional);
    }

    /** The builder {@code table} holds for this name; else an error naming the {@code kind} of thing, where it was and the valid names. */
    public <T> T build(String kind, Map<String, Function<OptionSpec, T>> table) {
        Function<OptionSpec, T> builder = table.get(name);
        if (builder == null) {
            throw unknownName(kind, table.keySet());
        }
        return builder.apply(this);
    }

    /** The error for a name that is none of {@code valid}: it names the {@code kind} of thing, where it was and the valid names. */
    public IllegalArgumentException unknownName(String kind, Collection<String> valid) {
        return new IllegalArgumentException("unknown " + kind + " '" + name + "' in " + (option != null ? option : "'" + text + "'") + "; valid: "
                + String.join(", ", valid));
    }

    /** Rejects any key not in {@code accepted}, naming the ones accepted. */
    public void accept(String... accepted) {
        List<String> ok = List.of(accepted);
        for (String key : values.keySet()) {
            if (!ok.contains(key)) {
                throw new IllegalArgumentException(name + " has no setting '" + key + "' (in '" + text + "'); it takes "
                        + (ok.isEmpty() ? "none" : String.join(", ", ok)));
            }
        }
    }

    /** Rejects more than {@code max} positional values; {@code form} shows how the specification is written. */
    public void acceptPositional(int max, String form) {
        if (positional.size() > max) {
            throw new IllegalArgumentException(name + " takes " + (max == 0 ? "no value" : "at most " + max + " value" + (max == 1 ? "" : "s"))
                    + ", got '" + text + "'; write " + form);
        }
    }

    /** The decimal value of {@code key}, or {@code fallback} when it is not given. */
    public double number(String key, double fallback) {
        String v = value(key, String.valueOf(fallback));
        if (v == null) {
            return fallback;
        }
        if (!NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException(name + ": " + key + " must be a decimal number such as 0.9 or 1e-3, got '" + v + "' in '" + text + "'");
        }
        return Double.parseDouble(v);
    }

    /**
     * Positional value {@code index} as a decimal number; {@code form} shows how the item is written, for the message when it
     * is missing or not a number.
     */
    public double number(int index, String form) {
        String where = where();
        if (index >= positional.size()) {
            throw new IllegalArgumentException(where + ": '" + text + "' needs " + (index + 1) + " number" + (index == 0 ? "" : "s") + ", written " + form);
        }
        String v = positional.get(index);
        if (!NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException(where + ": '" + v + "' in '" + text + "' is not a number; write " + form);
        }
        return Double.parseDouble(v);
    }

    /** The decimal value of {@code key}, which must be given; {@code example} shows a whole specification with it. */
    public double number(String key, String example) {
        required(key, example);
        return number(key, 0);
    }

    /** The integer value of {@code key}, which must be given, up to 18 digits; {@code example} shows a whole specification with it. */
    public long longInteger(String key, String example) {
        required(key, example);
        return longInteger(key, 1L);
    }

    /** The integer value of {@code key}, up to 18 digits, or {@code fallback} when it is not given. */
    public long longInteger(String key, long fallback) {
        String v = wholeNumber(key, String.valueOf(fallback), LONG_INTEGER);
        return v == null ? fallback : Long.parseLong(v);
    }

    /** The value of {@code key}, which must be one of {@code choices} (as written, case-sensitive), or {@code fallback} when it is not given. */
    public String choice(String key, String fallback, List<String> choices) {
        String v = value(key, fallback);
        if (v == null) {
            return fallback;
        }
        if (!choices.contains(v)) {
            throw new IllegalArgumentException(name + ": " + key + " must be one of " + String.join(", ", choices) + ", got '" + v + "' in '" + text + "'");
        }
        return v;
    }

    /** The value of {@code key} as written, or {@code fallback} when it is not given. */
    public String string(String key, String fallback) {
        String v = value(key, fallback);
        return v == null ? fallback : v;
    }

    private void required(String key, String example) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(name + ": " + key + " is required, e.g. " + example + ", in '" + text + "'");
        }
    }

    /** The integer value of {@code key}, or {@code fallback} when it is not given. */
    public int integer(String key, int fallback) {
        String v = wholeNumber(key, String.valueOf(fallback), INTEGER);
        return v == null ? fallback : Integer.parseInt(v);
    }

    /** The value of {@code key} when it is a whole number {@code digits} accepts; null when not given. */
    private String wholeNumber(String key, String fallback, Pattern digits) {
        String v = value(key, fallback);
        if (v != null && !digits.matcher(v).matches()) {
            throw new IllegalArgumentException(name + ": " + key + " must be a whole number such as " + fallback + ", got '" + v + "' in '" + text + "'");
        }
        return v;
    }

    /** Whether flag {@code key} is set: given bare or as {@code key=true}. */
    public boolean flag(String key) {
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
        throw new IllegalArgumentException(name + ": " + key + " is a flag: write " + key + " or " + key + "=true/false, got '" + v + "' in '" + text + "'");
    }

    /** The raw value of a valued key; null when not given; an error when given without a value. */
    private String value(String key, String example) {
        if (!values.containsKey(key)) {
            return null;
        }
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(name + ": " + key + " needs a value, e.g. " + key + "=" + example + ", in '" + text + "'");
        }
        return v;
    }
}
