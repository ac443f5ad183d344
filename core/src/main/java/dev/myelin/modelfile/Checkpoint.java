package dev.myelin.modelfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.model.Model;
import dev.myelin.train.History;
import dev.myelin.train.TrainingState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A training checkpoint: a model file ({@link ModelIO}, kind "checkpoint") plus the {@link TrainingState} —
 * the manifest's {@code training} object (epoch, batch, step, seed, batch size, optimiser, history metric names,
 * stop reason, the names of each resumable part's arrays) and the entry {@value #ENTRY} with the numbers in
 * float64: {@code epoch_sums [1, 3]}, {@code optimizer.state [1, n]}, {@code history.<metric> [1, epochs]} and
 * {@code parts.<key>.<name>}. Files in a checkpoint folder are named {@code checkpoint-e<epoch>-s<step>.myelin}.
 * Stateless; thread-safe.
 */
public final class Checkpoint {
    /** The entry of the training state's numbers. */
    public static final String ENTRY = "training.safetensors";
    private static final Pattern NAME = Pattern.compile("checkpoint-e(\\d+)-s(\\d+)\\.myelin");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A checkpoint read back.
     *
     * @param model the model, on the backend it was loaded onto (the caller closes it)
     * @param state where training continues
     */
    public record Loaded(Model model, TrainingState state) {
    }

    private Checkpoint() {
    }

    /** The file name of a checkpoint at {@code state}, e.g. {@code checkpoint-e0005-s000160.myelin}. */
    public static String fileName(TrainingState state) {
        return String.format("checkpoint-e%04d-s%09d.myelin", state.epoch(), state.step());
    }

    /** Writes {@code model} and {@code state} to {@code file}, atomically. */
    public static void save(Model model, TrainingState state, Path file) throws ModelFileException {
        ObjectNode training = NODES.objectNode();
        training.put("epoch", state.epoch());
        training.put("batch", state.batch());
        training.put("step", state.step());
        training.put("seed", state.seed());
        training.put("batch_size", state.batchSize());
        training.put("optimizer", state.optimizer());
        training.put("optimizer_steps", state.optimizerSteps());
        History history = state.history();
        training.put("history_epochs", history.epochs());
        history.metricNames().forEach(training.putArray("history_metrics")::add);
        training.put("stop_reason", history.stopReason().orElse(null));
        List<HostTensor> tensors = new ArrayList<>();
        tensors.add(row("epoch_sums", state.epochSums()));
        tensors.add(row("optimizer.state", state.optimizerState()));
        for (String metric : history.metricNames()) {
            tensors.add(row("history." + metric, history.get(metric)));
        }
        ObjectNode parts = training.putObject("parts");
        for (String key : state.partKeys()) {
            var names = parts.putArray(key);
            for (Map.Entry<String, double[]> e : state.parts().get(key).entrySet()) {
                names.add(e.getKey());
                tensors.add(row("parts." + key + "." + e.getKey(), e.getValue()));
            }
        }
        ObjectNode manifest = NODES.objectNode();
        manifest.set("training", training);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ENTRY, SafeTensors.encode(tensors, DType.FLOAT64));
        ModelIO.write(model, file, "checkpoint", manifest, entries);
    }

    /** Reads a checkpoint onto {@code backend}. */
    public static Loaded load(Path file, Backend backend) throws ModelFileException {
        ModelArchive.Contents contents = ModelArchive.read(file);
        ModelIO.SavedModel saved = ModelIO.parse(file, contents);
        TrainingState state = state(file, contents);
        return new Loaded(ModelIO.build(file, saved, backend), state);
    }

    private static TrainingState state(Path file, ModelArchive.Contents contents) throws ModelFileException {
        JsonNode training = contents.manifest().get("training");
        if (training == null || !training.isObject()) {
            throw new ModelFileException(file, ModelArchive.MANIFEST, "not a checkpoint: no 'training' object (a plain model file cannot be resumed;"
                    + " train it further with a fresh optimiser instead)");
        }
        String where = ModelArchive.MANIFEST;
        try {
            int epochs = SpecJson.integer(training, "history_epochs");
            where = ENTRY;
            byte[] bytes = contents.entries().get(ENTRY);
            if (bytes == null) {
                throw new IllegalArgumentException("the entry is missing");
            }
            Map<String, HostTensor> tensors = SafeTensors.byName(SafeTensors.decode(bytes, DType.FLOAT64));
            where = ModelArchive.MANIFEST;
            History history = new History();
            List<String> metrics = new ArrayList<>();
            for (JsonNode m : arrayField(training, "history_metrics")) {
                metrics.add(m.asText());
            }
            List<double[]> columns = new ArrayList<>();
            for (String metric : metrics) {
                columns.add(values(tensors, "history." + metric, epochs));
            }
            for (int e = 0; e < epochs; e++) {
                Map<String, Double> row = new LinkedHashMap<>();
                for (int m = 0; m < metrics.size(); m++) {
                    row.put(metrics.get(m), columns.get(m)[e]);
                }
                history.record(row);
            }
            JsonNode stop = training.get("stop_reason");
            if (stop != null && stop.isTextual()) {
                history.stopped(stop.asText());
            }
            Map<String, Map<String, double[]>> parts = new LinkedHashMap<>();
            JsonNode partNames = SpecJson.object(training, "parts");
            for (Iterator<Map.Entry<String, JsonNode>> it = partNames.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> part = it.next();
                Map<String, double[]> arrays = new LinkedHashMap<>();
                for (JsonNode name : arrayField(partNames, part.getKey())) {
                    String key = "parts." + part.getKey() + "." + name.asText();
                    HostTensor t = tensors.get(key);
                    if (t == null) {
                        throw new IllegalArgumentException("tensor '" + key + "' is missing from " + ENTRY);
                    }
                    arrays.put(name.asText(), t.values());
                }
                parts.put(part.getKey(), arrays);
            }
            HostTensor optimizerState = tensors.get("optimizer.state");
            if (optimizerState == null) {
                throw new IllegalArgumentException("tensor 'optimizer.state' is missing from " + ENTRY);
            }
            return new TrainingState(SpecJson.integer(training, "epoch"), SpecJson.integer(training, "batch"), SpecJson.longInteger(training, "step"),
                    SpecJson.longInteger(training, "seed"), SpecJson.integer(training, "batch_size"), values(tensors, "epoch_sums", 3),
                    SpecJson.text(training, "optimizer"), optimizerState.values(), SpecJson.longInteger(training, "optimizer_steps"), history, parts);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, where, "training state: " + e.getMessage(), e);
        } catch (SafeTensors.FormatException e) {
            throw new ModelFileException(file, where, e.getMessage(), e);
        }
    }

    private static JsonNode arrayField(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("field '" + field + "' must be an array");
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException("field '" + field + "' must hold strings, got " + item);
            }
        }
        return v;
    }

    private static double[] values(Map<String, HostTensor> tensors, String name, int length) {
        HostTensor t = tensors.get(name);
        if (t == null || t.size() != length) {
            throw new IllegalArgumentException("tensor '" + name + "' must hold " + length + " values" + (t == null ? " but is missing" : ", it has " + t.size()));
        }
        return t.values();
    }

    private static HostTensor row(String name, double[] values) {
        return new HostTensor(name, 1, values.length, values);
    }

    /**
     * The newest checkpoint in {@code dir} by epoch and step (file names {@code checkpoint-e…-s….myelin}), or {@code dir}
     * itself when it is a file.
     *
     * @throws ModelFileException when the folder holds no checkpoint
     */
    public static Path latest(Path dir) throws ModelFileException {
        if (Files.isRegularFile(dir)) {
            return dir;
        }
        List<Path> found = list(dir);
        if (found.isEmpty()) {
            throw new ModelFileException(dir, null, Files.isDirectory(dir) ? "no checkpoint-e*-s*.myelin file in this folder" : "no such file or folder");
        }
        return found.get(found.size() - 1);
    }

    /** The checkpoints in {@code dir}, oldest first (by epoch, then step); empty when there are none or no folder. */
    public static List<Path> list(Path dir) throws ModelFileException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted((a, b) -> Long.compare(order(a), order(b)) != 0 ? Long.compare(order(a), order(b)) : a.compareTo(b)).toList();
        } catch (IOException e) {
            throw new ModelFileException(dir, null, "cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static long order(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        m.matches();
        return Long.parseLong(m.group(2));
    }
}
