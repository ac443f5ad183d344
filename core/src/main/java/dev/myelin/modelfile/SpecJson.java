package dev.myelin.modelfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.loss.Loss;
import dev.myelin.model.ModelSpec;
import dev.myelin.model.TensorLayout;
import dev.myelin.nn.Activation;
import dev.myelin.nn.ActivationSpec;
import dev.myelin.nn.BatchNormSpec;
import dev.myelin.nn.DenseSpec;
import dev.myelin.nn.DropoutSpec;
import dev.myelin.nn.Initializer;
import dev.myelin.nn.LayerNormSpec;
import dev.myelin.nn.LayerSpec;
import dev.myelin.nn.MaxoutSpec;
import dev.myelin.nn.PReluSpec;
import dev.myelin.nn.ResidualSpec;
import dev.myelin.regularization.Regularization;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link ModelSpec} as JSON and back, field by field (no reflection), so that the file format is
 * exactly what this class writes. Layers are objects with a {@code "type"}: {@code dense}, {@code activation},
 * {@code batchnorm}, {@code layernorm}, {@code dropout}, {@code prelu}, {@code maxout}, {@code residual}
 * (whose {@code "layers"} nest). {@link #read} throws {@link IllegalArgumentException} naming the field
 * that is missing or wrong. Stateless; thread-safe.
 */
public final class SpecJson {
    /** Deepest nesting of residual blocks accepted when reading. */
    static final int MAX_DEPTH = 32;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The fields each layer type has; reading refuses any other (a misspelt or foreign field is not silently dropped). */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "dense", Set.of("type", "units", "weight_init", "bias_init"),
            "activation", Set.of("type", "activation", "alpha"),
            "batchnorm", Set.of("type", "momentum", "epsilon"),
            "layernorm", Set.of("type", "epsilon"),
            "dropout", Set.of("type", "p"),
            "prelu", Set.of("type", "alpha_init"),
            "maxout", Set.of("type", "units", "k", "weight_init"),
            "residual", Set.of("type", "layers"));

    private SpecJson() {
    }

    /** The JSON form of {@code spec}. */
    public static ObjectNode write(ModelSpec spec) {
        ObjectNode node = NODES.objectNode();
        node.put("input_width", spec.inputWidth());
        node.set("layers", writeLayers(spec.layers()));
        LossSpec loss = spec.loss().spec();
        ObjectNode l = node.putObject("loss");
        l.put("kind", name(loss.kind()));
        l.put("from_logits", loss.fromLogits());
        l.put("delta", loss.delta());
        l.put("label_smoothing", loss.labelSmoothing());
        Regularization r = spec.regularization();
        ObjectNode reg = node.putObject("regularization");
        reg.put("l1", r.l1());
        reg.put("l2", r.l2());
        reg.put("l2_form", name(r.form()));
        reg.put("include_biases", r.includeBiases());
        return node;
    }

    /** The spec {@code node} describes. */
    public static ModelSpec read(JsonNode node) {
        JsonNode loss = object(node, "loss");
        JsonNode reg = object(node, "regularization");
        return new ModelSpec(integer(node, "input_width"), readLayers(node, 0),
                new Loss(new LossSpec(constant(LossKind.class, loss, "kind"), bool(loss, "from_logits"), number(loss, "delta"),
                        number(loss, "label_smoothing"))),
                new Regularization(number(reg, "l1"), number(reg, "l2"), constant(Regularization.L2Form.class, reg, "l2_form"),
                        bool(reg, "include_biases")));
    }

    private static ArrayNode writeLayers(List<LayerSpec> layers) {
        ArrayNode array = NODES.arrayNode();
        for (LayerSpec layer : layers) {
            ObjectNode l = array.addObject();
            l.put("type", TensorLayout.type(layer));
            if (layer instanceof DenseSpec d) {
                l.put("units", d.units());
                l.set("weight_init", init(d.weightInit()));
                l.put("bias_init", d.biasInit());
            } else if (layer instanceof ActivationSpec a) {
                l.put("activation", name(a.activation().kind()));
                l.put("alpha", a.activation().alpha());
            } else if (layer instanceof BatchNormSpec b) {
                l.put("momentum", b.momentum());
                l.put("epsilon", b.epsilon());
            } else if (layer instanceof LayerNormSpec n) {
                l.put("epsilon", n.epsilon());
            } else if (layer instanceof DropoutSpec d) {
                l.put("p", d.p());
            } else if (layer instanceof PReluSpec p) {
                l.put("alpha_init", p.alphaInit());
            } else if (layer instanceof MaxoutSpec m) {
                l.put("units", m.units());
                l.put("k", m.k());
                l.set("weight_init", init(m.weightInit()));
            } else if (layer instanceof ResidualSpec r) {
                l.set("layers", writeLayers(r.layers()));
            }
        }
        return array;
    }

    private static List<LayerSpec> readLayers(JsonNode parent, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("residual blocks nested deeper than " + MAX_DEPTH);
        }
        JsonNode array = parent.get("layers");
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("field 'layers' must be an array");
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (JsonNode l : array) {
            String type = text(l, "type");
            onlyFields(l, type, FIELDS.get(type));
            layers.add(switch (type) {
                case "dense" -> new DenseSpec(integer(l, "units"), readInit(object(l, "weight_init")), number(l, "bias_init"));
                case "activation" -> new ActivationSpec(new Activation(constant(ActivationKind.class, l, "activation"), number(l, "alpha")));
                case "batchnorm" -> new BatchNormSpec(number(l, "momentum"), number(l, "epsilon"));
                case "layernorm" -> new LayerNormSpec(number(l, "epsilon"));
                case "dropout" -> new DropoutSpec(number(l, "p"));
                case "prelu" -> new PReluSpec(number(l, "alpha_init"));
                case "maxout" -> new MaxoutSpec(integer(l, "units"), integer(l, "k"), readInit(object(l, "weight_init")));
                case "residual" -> new ResidualSpec(readLayers(l, depth + 1));
                default -> throw new IllegalArgumentException("unknown layer type '" + type + "'");
            });
        }
        return layers;
    }

    private static void onlyFields(JsonNode layer, String type, Set<String> allowed) {
        if (allowed == null) {
            throw new IllegalArgumentException("unknown layer type '" + type + "'");
        }
        for (Iterator<String> it = layer.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException("a " + type + " layer has no field '" + field + "' (its fields: " + new TreeSet<>(allowed) + ")");
            }
        }
    }

    private static ObjectNode init(Initializer init) {
        ObjectNode node = NODES.objectNode();
        node.put("kind", name(init.kind()));
        node.put("value", init.value());
        node.put("count", init.count());
        return node;
    }

    private static Initializer readInit(JsonNode node) {
        return new Initializer(constant(Initializer.InitKind.class, node, "kind"), number(node, "value"), integer(node, "count"));
    }

    private static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E constant(Class<E> type, JsonNode node, String field) {
        String text = text(node, field);
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("field '" + field + "' has the unknown value '" + text + "'");
    }

    static JsonNode object(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' must be an object");
        }
        return v;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return v.asText();
    }

    static int integer(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    static long longInteger(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer, got " + v);
        }
        return v.asLong();
    }

    static double number(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("field '" + field + "' must be a number, got " + v);
        }
        return v.asDouble();
    }

    static boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException("field '" + field + "' must be true or false, got " + v);
        }
        return v.asBoolean();
    }
}
