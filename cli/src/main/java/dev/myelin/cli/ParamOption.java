package dev.myelin.cli;

import dev.myelin.tune.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code --param} of {@code myelin search}: {@code name=a|b|c} (a choice; numbers and true/false are read as
 * such), {@code name=LOW..HIGH} (a real range, 3 grid points), {@code name=int:LOW..HIGH} (integers), with {@code :log} at
 * the end for a log scale; e.g. {@code lr=1e-4..1e-1:log}, {@code batch-size=int:16..128:log}, {@code hidden=64:relu|128:relu,64:relu}.
 */
final class ParamOption {
    private static final Pattern RANGE = Pattern.compile("(int:)?([-+0-9.eE]+)\\.\\.([-+0-9.eE]+)(:log)?");

    private ParamOption() {
    }

    /** The converter of {@code --param}. */
    static final class Converter extends OptionLanguage<Param> {
        Converter() {
            super(ParamOption::parse);
        }
    }

    static Param parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("--param must be name=values, e.g. lr=1e-4..1e-1:log or hidden=64:relu|128:relu; got '" + text + "'");
        }
        String name = text.substring(0, eq).trim();
        String values = text.substring(eq + 1).trim();
        Matcher m = RANGE.matcher(values);
        if (m.matches()) {
            boolean log = m.group(4) != null;
            try {
                if (m.group(1) != null) {
                    return new Param.IntRange(name, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), 1, log);
                }
                return new Param.FloatRange(name, Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), log, 3);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--param " + text + ": the range bounds must be numbers", e);
            }
        }
        List<Object> choices = new ArrayList<>();
        for (String v : values.split("\\|")) {
            choices.add(value(v.trim()));
        }
        return new Param.Categorical(name, choices);
    }

    private static Object value(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException notInt) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notNumber) {
                return v;
            }
        }
    }
}
