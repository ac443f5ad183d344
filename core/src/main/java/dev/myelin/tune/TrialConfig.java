package dev.myelin.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** One point of a search: the trial's number (0-based, in plan order) and its settings in the space's order. Immutable. */
public record TrialConfig(int id, Map<String, Object> params) {
    public TrialConfig {
        Objects.requireNonNull(params, "params");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The settings as {@code name=value} pairs, e.g. {@code lr=0.01 hidden=64:relu}. */
    public String describe() {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue())).collect(Collectors.joining(" "));
    }

    /** A value as a person reads it: reals to four significant digits. */
    public static String format(Object value) {
        if (value instanceof Double d && Double.isFinite(d) && d != 0) {
            double a = Math.abs(d);
            return a >= 1e-3 && a < 1e6
                    ? new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()
                    : String.format(java.util.Locale.ROOT, "%.3e", d);
        }
        return String.valueOf(value);
    }
}
