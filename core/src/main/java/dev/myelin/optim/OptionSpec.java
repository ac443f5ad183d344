package dev.myelin.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed one-line specification {@code name[:setting,...]} as written on the command line, e.g.
 * {@code adam:lr=1e-3,beta1=0.9} or {@code rmsprop:centered,momentum=0.9}. Used by {@link Optimizers}
 * and {@link dev.myelin.optim.fullbatch.Minimizers}; usable for any named component with settings.
 *
 * <pre>
 *   spec    := name [ ':' setting { ',' setting } ]
 *   setting := key '=' value  |  flag  |  flag '=' ( 'true' | 'false' )
 *   number  := decimal, optionally with an exponent: 0.9, 1e-3, .5, 2E+1 (no NaN, no infinity)
 *   integer := digits, optionally signed
 * </pre>
 * The name and keys are lower-cased; blanks around names, keys and values are ignored; a key may be
 * given once. Messages name the component, the key and the whole specification.
 *
 * <p>Read-only once {@link #parse} returns; safe to share between threads after safe publication.
 */
public final class OptionSpec {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");

    private final String text;
    private final String name;
    private final Map<String, String> values = new LinkedHashMap<>();

    private OptionSpec(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /**
     * Parses {@code text}; each key is replaced by its canonical form in {@code aliases} when it has one.
     *
     * @param what what is being specified, for messages (e.g. {@code optimizer})
     * @param example an example specification, for messages
     */
    public static OptionSpec parse(String text, Map<String, String> aliases, String what, String example) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " specification is empty; expected name[:key=value,...], e.g. " + example);
        }
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        OptionSpec spec = new OptionSpec(text, name);
        if (colon >= 0) {
            String rest = text.substring(colon + 1);
            if (rest.isBlank()) {
                throw new IllegalArgumentException(name + ": nothing after ':' in '" + text + "'; give key=value settings or drop the ':'");
            }
            for (String item : rest.split(",", -1)) {
                spec.add(item, aliases);
            }
        }
        return spec;
    }

    private void add(String item, Map<String, String> aliases) {
        int eq = item.indexOf('=');
        String rawKey = (eq < 0 ? item : item.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        if (rawKey.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty setting in '" + text + "'; settings are key=value or a flag, separated by commas");
        }
        String key = aliases.getOrDefault(rawKey, rawKey);
        if (values.containsKey(key)) {
            throw new IllegalArgumentException(name + ": " + key + " is given twice in '" + text + "'");
        }
        values.put(key, eq < 0 ? null : item.substring(eq + 1).trim());
    }

    /** The name before the colon, lower-cased. */
    public String name() {
        return name;
    }

    /** The specification as given. */
    public String text() {
        return text;
    }

    /** Whether {@code key} was given. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Rejects any key not in {@code accepted}, naming the ones accepted. */
    public void accept(String... accepted) {
        List<String> ok = List.of(accepted);
        for (String key : values.keySet()) {
            if (!ok.contains(key)) {
                throw new IllegalArgumentException(name + " has no setting '" + key + "' (in '" + text + "'); it takes " + String.join(", ", ok));
            }
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

    /** The integer value of {@code key}, or {@code fallback} when it is not given. */
    public int integer(String key, int fallback) {
        String v = value(key, String.valueOf(fallback));
        if (v == null) {
            return fallback;
        }
        if (!INTEGER.matcher(v).matches()) {
            throw new IllegalArgumentException(name + ": " + key + " must be a whole number such as " + fallback + ", got '" + v + "' in '" + text + "'");
        }
        return Integer.parseInt(v);
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
