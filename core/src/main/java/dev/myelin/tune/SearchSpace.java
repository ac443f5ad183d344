package dev.myelin.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The settings a search varies, in order, each a {@link Param}. Immutable and thread-safe.
 *
 * <p>Written as JSON or YAML, one entry per setting: a list is a categorical choice, an object a range:
 * <pre>{@code
 * {"lr": {"float": [1e-3, 0.3], "log": true, "points": 4},
 *  "batch-size": {"int": [16, 128], "log": true},
 *  "hidden": ["64:relu", "128:relu,64:relu"],
 *  "batch-norm": [true, false]}
 * }</pre>
 * {@code points} (default 3) is how many values a grid takes from a float range; {@code step} (default 1) the step of a
 * linear integer range.
 */
public final class SearchSpace {
    private final List<Param> params;

    /** A space over {@code params}, whose names must differ. */
    public SearchSpace(List<Param> params) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("a search space needs at least one parameter");
        }
        Map<String, Param> seen = new LinkedHashMap<>();
        for (Param p : params) {
            if (seen.put(p.name(), p) != null) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' appears twice in the search space");
            }
        }
        this.params = List.copyOf(params);
    }

    /** The parameters, in order. */
    public List<Param> params() {
        return params;
    }

    /** How many points {@link #grid()} has: the product of the parameters' grid sizes. */
    public long gridSize() {
        long n = 1;
        for (Param p : params) {
            n = Math.multiplyExact(n, p.gridValues().size());
        }
        return n;
    }

    /** Every combination of the parameters' grid values, the last parameter varying fastest. */
    public List<Map<String, Object>> grid() {
        if (gridSize() > 1_000_000) {
            throw new IllegalArgumentException("the grid has " + gridSize() + " points; use random search or ASHA, or fewer values per parameter");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Param p : params) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out) {
                for (Object v : p.gridValues()) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(p.name(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** One point drawn from {@code random}, one value per parameter in order. */
    public Map<String, Object> sample(SplittableRandom random) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Param p : params) {
            m.put(p.name(), p.sample(random));
        }
        return m;
    }

    /** Reads a space from a {@code .json}, {@code .yaml} or {@code .yml} file (see the class comment for the format). */
    public static SearchSpace read(Path file) {
        try {
            String text = Files.readString(file);
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return parse(text, name.endsWith(".yaml") || name.endsWith(".yml"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the search space " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a space written as JSON, or as YAML when {@code yaml}. */
    public static SearchSpace parse(String text, boolean yaml) {
        JsonNode root;
        try {
            root = (yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper()).readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("the search space is not valid " + (yaml ? "YAML" : "JSON") + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the search space must be an object mapping each setting to a list of values or a range,"
                    + " e.g. {\"lr\": {\"float\": [0.001, 0.1], \"log\": true}, \"hidden\": [\"64:relu\", \"128:relu\"]}");
        }
        List<Param> params = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            params.add(param(e.getKey(), e.getValue()));
        }
        return new SearchSpace(params);
    }

    private static Param param(String name, JsonNode node) {
        if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            node.forEach(v -> values.add(scalar(name, v)));
            return new Param.Categorical(name, values);
        }
        if (node.isObject() && node.has("float") && node.get("float").size() == 2) {
            return new Param.FloatRange(name, node.get("float").get(0).asDouble(), node.get("float").get(1).asDouble(),
                    node.path("log").asBoolean(false), node.path("points").asInt(3));
        }
        if (node.isObject() && node.has("int") && node.get("int").size() == 2) {
            return new Param.IntRange(name, node.get("int").get(0).asInt(), node.get("int").get(1).asInt(),
                    node.path("step").asInt(1), node.path("log").asBoolean(false));
        }
        throw new IllegalArgumentException("setting '" + name + "' must be a list of values or a range such as {\"float\": [0.001, 0.1], \"log\": true}"
                + " or {\"int\": [16, 128]}; got " + node);
    }

    private static Object scalar(String name, JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.intValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        throw new IllegalArgumentException("setting '" + name + "': values must be strings, numbers or booleans, got " + v);
    }

    @Override
    public String toString() {
        return params.toString();
    }
}
