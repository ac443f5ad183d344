package dev.myelin.modelfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.data.NormalizerParams;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.model.TensorLayout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads {@code .myelin} model files. A model file is a ZIP ({@link ModelArchive}) holding
 * <ul>
 *   <li>{@code manifest.json}: {@code format} ("myelin"), {@code format_version} ({@value #FORMAT_VERSION}),
 *       {@code myelin_version}, {@code created} (UTC), {@code kind} ("model" or "checkpoint"), {@code dtype}
 *       ("float64"/"float32"), {@code spec} (layers, loss, regularisation; see {@link SpecJson}),
 *       {@code normalizer} (kind, center, scale, offset per feature, or null), {@code class_names} (or null) and
 *       {@code entries} (SHA-256 and size of every other entry);</li>
 *   <li>{@value #TENSORS}: every parameter and state tensor in safetensors layout under the names of
 *       {@link TensorLayout} ({@code layers.0.dense.weight} …), in the model's dtype.</li>
 * </ul>
 * A checkpoint adds the training state (training state). Loading checks the format
 * version, every checksum, the tensors' names, dtypes and shapes against the spec, and fails with a
 * {@link ModelFileException} naming the file, the entry and the problem. Stateless; thread-safe (one
 * {@link Model} must not be saved while it trains).
 */
public final class ModelIO {
    /** The format version this Myelin writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** The tensors entry. */
    public static final String TENSORS = "model.safetensors";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelIO() {
    }

    /** Writes {@code model} to {@code file} atomically (see {@link AtomicFiles}). */
    public static void save(Model model, Path file) throws ModelFileException {
        write(model, file, "model", NODES.objectNode(), new LinkedHashMap<>());
    }

    /**
     * Writes {@code model} plus {@code extraEntries}, with {@code extraManifest}'s fields added to the manifest.
     * For checkpoints.
     */
    public static void write(Model model, Path file, String kind, ObjectNode extraManifest, Map<String, byte[]> extraEntries)
            throws ModelFileException {
        ObjectNode manifest = NODES.objectNode();
        manifest.put("format", "myelin");
        manifest.put("format_version", FORMAT_VERSION);
        manifest.put("myelin_version", myelinVersion());
        manifest.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        manifest.put("kind", kind);
        manifest.put("dtype", dtypeName(model.dtype()));
        manifest.set("spec", SpecJson.write(model.spec()));
        manifest.set("normalizer", model.inputNormalizer().map(ModelIO::normalizerJson).orElse(null));
        manifest.set("class_names", model.classNames().isEmpty() ? null : strings(model.classNames()));
        manifest.setAll(extraManifest);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(TENSORS, SafeTensors.encode(tensors(model), model.dtype()));
        entries.putAll(extraEntries);
        try {
            ModelArchive.write(file, manifest, entries);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, null, "cannot write it: " + e, e);
        }
    }

    /** Every tensor of {@code model} in {@link TensorLayout} order, copied to the host. */
    public static List<HostTensor> tensors(Model model) {
        List<HostTensor> tensors = new ArrayList<>();
        for (TensorLayout.Entry e : model.tensorLayout().entries()) {
            tensors.add(new HostTensor(e.name(), (int) e.rows(), (int) e.cols(), model.tensor(e.name())));
        }
        return tensors;
    }

    /** Reads a model file onto {@code backend}. */
    public static Model load(Path file, Backend backend) throws ModelFileException {
        return build(file, parse(file, ModelArchive.read(file)), backend);
    }

    /** Builds the model {@code saved} (read from {@code file} by {@link #inspect}) on {@code backend}. */
    public static Model build(Path file, SavedModel saved, Backend backend) throws ModelFileException {
        Model model;
        try {
            model = Model.create(saved.spec(), backend, 0);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, ModelArchive.MANIFEST, "the spec cannot be built: " + e.getMessage(), e);
        }
        try {
            for (HostTensor t : saved.tensors()) {
                model.setTensor(t.name(), t.values());
            }
            model.setInputNormalizer(saved.normalizer());
            model.setClassNames(saved.classNames());
        } catch (RuntimeException e) {
            model.close();
            throw new ModelFileException(file, null, "cannot restore the model: " + e.getMessage(), e);
        }
        return model;
    }

    /**
     * What a model file describes, checked but not built on any backend.
     *
     * @param manifest   the manifest
     * @param dtype      the dtype the tensors are stored in
     * @param spec       the network
     * @param normalizer the fitted input normaliser, or null
     * @param classNames class names (empty when unknown)
     * @param tensors    every tensor, in {@link TensorLayout} order
     */
    public record SavedModel(JsonNode manifest, DType dtype, ModelSpec spec, NormalizerParams normalizer, List<String> classNames,
                             List<HostTensor> tensors) {
    }

    /** Reads and checks {@code file} without building the model (e.g. to describe it). */
    public static SavedModel inspect(Path file) throws ModelFileException {
        return parse(file, ModelArchive.read(file));
    }

    static SavedModel parse(Path file, ModelArchive.Contents contents) throws ModelFileException {
        JsonNode m = contents.manifest();
        String where = ModelArchive.MANIFEST;
        try {
            if (!"myelin".equals(SpecJson.text(m, "format"))) {
                throw new IllegalArgumentException("'format' is not \"myelin\"");
            }
            int version = SpecJson.integer(m, "format_version");
            if (version > FORMAT_VERSION) {
                throw new IllegalArgumentException("format version " + version + " was written by a newer Myelin ("
                        + m.path("myelin_version").asText("unknown") + "); this one reads versions up to " + FORMAT_VERSION + ": upgrade Myelin");
            }
            if (version < 1) {
                throw new IllegalArgumentException("format version " + version + " does not exist");
            }
            DType dtype = dtype(SpecJson.text(m, "dtype"));
            ModelSpec spec = SpecJson.read(SpecJson.object(m, "spec"));
            TensorLayout layout = TensorLayout.of(spec);
            NormalizerParams normalizer = normalizer(m.get("normalizer"), spec.inputWidth());
            List<String> classNames = classNames(m.get("class_names"), spec.outputWidth());
            where = TENSORS;
            byte[] bytes = contents.entries().get(TENSORS);
            if (bytes == null) {
                throw new IllegalArgumentException("the entry is missing");
            }
            Map<String, HostTensor> byName = SafeTensors.byName(SafeTensors.decode(bytes, dtype));
            List<HostTensor> ordered = new ArrayList<>();
            for (TensorLayout.Entry e : layout.entries()) {
                HostTensor t = byName.remove(e.name());
                if (t == null) {
                    throw new IllegalArgumentException("tensor '" + e.name() + "' of the spec is missing");
                }
                if (t.rows() != e.rows() || t.cols() != e.cols()) {
                    throw new IllegalArgumentException("tensor '" + e.name() + "' has shape " + t.shape() + " but the spec makes it ["
                            + e.rows() + ", " + e.cols() + "]");
                }
                ordered.add(t);
            }
            if (!byName.isEmpty()) {
                throw new IllegalArgumentException("tensor '" + byName.keySet().iterator().next() + "' is not part of the spec");
            }
            return new SavedModel(m, dtype, spec, normalizer, classNames, ordered);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, where, e.getMessage(), e);
        } catch (SafeTensors.FormatException e) {
            throw new ModelFileException(file, where, e.getMessage(), e);
        }
    }

    private static NormalizerParams normalizer(JsonNode node, int inputWidth) {
        if (node == null || node.isNull()) {
            return null;
        }
        NormalizerParams params = new NormalizerParams(SpecJson.text(node, "kind"), doubles(node, "center"), doubles(node, "scale"),
                doubles(node, "offset"));
        if (params.featureCount() != inputWidth) {
            throw new IllegalArgumentException("the normaliser has " + params.featureCount() + " features but the model takes " + inputWidth);
        }
        return params;
    }

    private static List<String> classNames(JsonNode node, int outputWidth) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        int expected = outputWidth == 1 ? 2 : outputWidth;
        if (!node.isArray() || node.size() != expected) {
            throw new IllegalArgumentException("'class_names' must be an array of " + expected + " strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("'class_names' must hold strings, got " + n);
            }
            names.add(n.asText());
        }
        return names;
    }

    private static double[] doubles(JsonNode node, String field) {
        JsonNode array = node.get(field);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("normalizer field '" + field + "' must be an array of numbers");
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            if (!array.get(i).isNumber()) {
                throw new IllegalArgumentException("normalizer field '" + field + "' must hold numbers, got " + array.get(i));
            }
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static ObjectNode normalizerJson(NormalizerParams p) {
        ObjectNode node = NODES.objectNode();
        node.put("kind", p.kind());
        ArrayNode center = node.putArray("center");
        ArrayNode scale = node.putArray("scale");
        ArrayNode offset = node.putArray("offset");
        for (int j = 0; j < p.featureCount(); j++) {
            center.add(p.center()[j]);
            scale.add(p.scale()[j]);
            offset.add(p.offset()[j]);
        }
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** {@code float64} or {@code float32}, as the manifest writes it. */
    public static String dtypeName(DType dtype) {
        return dtype == DType.FLOAT64 ? "float64" : "float32";
    }

    private static DType dtype(String name) {
        return switch (name) {
            case "float64" -> DType.FLOAT64;
            case "float32" -> DType.FLOAT32;
            default -> throw new IllegalArgumentException("'dtype' must be float64 or float32, got " + name);
        };
    }

    /** The version of this Myelin (from the jar's manifest), or "development" when run from classes. */
    public static String myelinVersion() {
        String version = ModelIO.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }
}
