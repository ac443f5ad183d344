package dev.myelin.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a golden file written by {@code tests/golden/make_golden.py}: {@code key = v1 v2 ...} lines. */
public final class GoldenFile {
    private final String name;
    private final Map<String, double[]> values;

    private GoldenFile(String name, Map<String, double[]> values) {
        this.name = name;
        this.values = values;
    }

    /** Loads {@code /golden/<name>} from the class path (the kit's jar, or the test resources of the module). */
    public static GoldenFile load(String name) {
        try (InputStream in = GoldenFile.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + name + " missing: run /usr/bin/python3 tests/golden/make_golden.py");
            }
            Map<String, double[]> values = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf(" = ");
                String[] numbers = line.substring(eq + 3).trim().split(" ");
                values.put(line.substring(0, eq).trim(), Arrays.stream(numbers).mapToDouble(GoldenFile::parse).toArray());
            }
            return new GoldenFile(name, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double parse(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** Whether the file has {@code key}. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The values of {@code key}. */
    public double[] get(String key) {
        double[] v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("golden file " + name + " has no key '" + key + "'");
        }
        return v;
    }

    /** The single value of {@code key}, as an int. */
    public int integer(String key) {
        return (int) get(key)[0];
    }
}
