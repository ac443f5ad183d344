package dev.myelin.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One item of a comma-separated option value such as {@code --augment shift:1,rotate:10} or {@code --hidden 128:relu,64}:
 * a name, then its arguments after colons. The one reader of the tool's list-valued option languages, and of their one
 * message format: what was wrong, in which option, and the valid names.
 *
 * <pre>
 *   list := item { ',' item }
 *   item := name { ':' argument }
 * </pre>
 *
 * @param name      the text before the first colon, trimmed and lower-cased
 * @param arguments the texts after each colon, trimmed
 * @param text      the item as written
 * @param option    the option it came from, with the whole value (for messages), e.g. {@code --augment shift:1,spin:3}
 */
record SpecItem(String name, List<String> arguments, String text, String option) {

    /**
     * The items of {@code value}, given to {@code option}; an empty item (two commas in a row) is an error that calls it
     * an empty {@code kind}.
     */
    static List<SpecItem> list(String option, String value, String kind) {
        List<SpecItem> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            if (item.isBlank()) {
                throw new IllegalArgumentException(option + " '" + value + "' has an empty " + kind + " between commas; write each as name:value");
            }
            String[] parts = item.trim().split(":", -1);
            items.add(new SpecItem(parts[0].trim().toLowerCase(Locale.ROOT),
                    Arrays.stream(parts).skip(1).map(String::trim).toList(), item.trim(), option + " " + value));
        }
        return items;
    }

    /** The builder {@code table} holds for this item's name; else an error naming the {@code kind} of thing and the valid names. */
    <T> T build(String kind, Map<String, Function<SpecItem, T>> table) {
        Function<SpecItem, T> builder = table.get(name);
        if (builder == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "' in " + option + "; valid: " + String.join(", ", table.keySet()));
        }
        return builder.apply(this);
    }

    /** Argument {@code index} as a number; {@code form} shows the item's form in the message when it is missing or not a number. */
    double number(int index, String form) {
        if (index >= arguments.size()) {
            throw new IllegalArgumentException(option + ": '" + text + "' needs " + (index + 1) + " number" + (index == 0 ? "" : "s")
                    + ", written " + form);
        }
        try {
            return Double.parseDouble(arguments.get(index));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + arguments.get(index) + "' in '" + text + "' is not a number; write " + form, e);
        }
    }
}
