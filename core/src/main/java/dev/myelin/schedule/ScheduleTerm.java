package dev.myelin.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One {@code name:key=value,...} term of a schedule spec, with typed, checked access to its values. */
final class ScheduleTerm {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    final String name;
    private final String text;
    private final Map<String, String> values = new LinkedHashMap<>();

    private ScheduleTerm(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /**
     * Parses {@code name[:key=value{,key=value}]}; with a {@code positionalKey}, the first value may be
     * given bare and stands for that key ({@code warmup:5} is {@code warmup:W=5}).
     */
    static ScheduleTerm parse(String text, String positionalKey) {
        int colon = text.indexOf(':');
        String name = (colon < 0 ? text : text.substring(0, colon)).strip();
        ScheduleTerm term = new ScheduleTerm(name, text.strip());
        if (name.isEmpty()) {
            throw new IllegalArgumentException("schedule '" + term.text + "' has no name before ':'; known: " + Schedules.NAMES);
        }
        if (colon < 0) {
            return term;
        }
        String[] items = text.substring(colon + 1).split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            int eq = item.indexOf('=');
            String key;
            String value;
            if (eq < 0 && i == 0 && positionalKey != null && !item.isEmpty()) {
                key = positionalKey;
                value = item;
            } else if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value in '" + term.text + "', got '" + item + "'");
            } else {
                key = item.substring(0, eq).strip();
                value = item.substring(eq + 1).strip();
            }
            if (term.values.put(key, value) != null) {
                throw new IllegalArgumentException(name + " has '" + key + "' twice in '" + term.text + "'");
            }
        }
        return term;
    }

    /** Rejects keys outside {@code accepted}. */
    ScheduleTerm accept(List<String> accepted) {
        for (String key : values.keySet()) {
            if (!accepted.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' for " + name + " in '" + text + "'; accepted: "
                        + (accepted.isEmpty() ? "none" : String.join(", ", accepted)));
            }
        }
        return this;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    private String required(String key, String example) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + " needs " + key + " (e.g. " + example + "), got '" + text + "'");
        }
        return v;
    }

    /** The raw value, or {@code otherwise} if absent. */
    String text(String key, String otherwise) {
        return values.getOrDefault(key, otherwise);
    }

    double number(String key, double otherwise) {
        return has(key) ? toNumber(key, values.get(key)) : otherwise;
    }

    double requiredNumber(String key, String example) {
        return toNumber(key, required(key, example));
    }

    long integer(String key, long otherwise) {
        return has(key) ? toInteger(key, values.get(key)) : otherwise;
    }

    long requiredInteger(String key, String example) {
        return toInteger(key, required(key, example));
    }

    /** One of {@code choices} (lower case), or {@code otherwise} if absent. */
    String word(String key, String otherwise, List<String> choices) {
        if (!has(key)) {
            return otherwise;
        }
        String v = values.get(key);
        if (!choices.contains(v)) {
            throw new IllegalArgumentException(name + " " + key + " must be one of " + String.join(", ", choices) + ", got '" + v + "'");
        }
        return v;
    }

    /** {@code per=epoch|step}, or {@code otherwise} if absent. */
    Per per(Per otherwise) {
        String v = word("per", null, List.of("epoch", "step"));
        return v == null ? otherwise : v.equals("step") ? Per.STEP : Per.EPOCH;
    }

    private double toNumber(String key, String v) {
        if (!NUMBER.matcher(v).matches()) {
            throw new IllegalArgumentException(name + " " + key + " must be a number, got '" + v + "'");
        }
        return Double.parseDouble(v);
    }

    private long toInteger(String key, String v) {
        if (!INTEGER.matcher(v).matches()) {
            throw new IllegalArgumentException(name + " " + key + " must be an integer, got '" + v + "'");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " " + key + " is out of range, got '" + v + "'");
        }
    }
}
