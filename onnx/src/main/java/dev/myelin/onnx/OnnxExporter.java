package dev.myelin.onnx;

import dev.myelin.data.NormalizerParams;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.LayerSpec;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.ModelProto;
import dev.myelin.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.myelin.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.onnx.proto.OnnxProto.TensorShapeProto;
import dev.myelin.onnx.proto.OnnxProto.TypeProto;
import dev.myelin.onnx.proto.OnnxProto.ValueInfoProto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * Writes a trained {@link Model} as a standard ONNX model: IR version 8, opset 17 (ONNX 1.12),
 * float32, one input {@code input [batch, inputWidth]} and one output {@code output [batch,
 * outputWidth]} holding what {@link Model#predict} returns (probabilities for classifiers: the
 * loss's output activation is part of the graph).
 *
 * <p>A fitted normaliser becomes the graph's leading nodes {@code Sub(center)}, {@code Div(scale)}
 * and, when an offset is non-zero, {@code Add(offset)}, so the ONNX model takes raw features as
 * {@link NormalizerParams#transformInPlace} does. Layers are exported in inference form (see
 * {@code LayerNodes}): batch norm with its running estimates, dropout as the identity. Parameters
 * are rounded to float32 and named as in the model ({@code layer0.W}, {@code layer2.runningMean}).
 * Class names, when given, are stored in the model's metadata under {@code class_names}, one per
 * line, class index order.
 *
 * <pre>{@code
 * OnnxExporter.of(model).withNormalizer(params).withClassNames(train.classNames()).write(Path.of("model.onnx"));
 * }</pre>
 *
 * <p>An exporter is immutable; {@link #toModelProto()} reads the model's parameters from its
 * backend, so it must not run while another thread trains the same model.
 */
public final class OnnxExporter {
    /** ONNX IR version written (ONNX 1.12's). */
    public static final long IR_VERSION = 8;
    /** Version of the default ONNX operator set the graph uses. */
    public static final long OPSET_VERSION = 17;
    /** Name of the graph's input {@code [batch, inputWidth]}. */
    public static final String INPUT = "input";
    /** Name of the graph's output {@code [batch, outputWidth]}. */
    public static final String OUTPUT = "output";

    private final Model model;
    private final NormalizerParams normalizer;
    private final List<String> classNames;

    private OnnxExporter(Model model, NormalizerParams normalizer, List<String> classNames) {
        this.model = model;
        this.normalizer = normalizer;
        this.classNames = classNames;
    }

    /** An exporter of {@code model} without normaliser or class names. */
    public static OnnxExporter of(Model model) {
        return new OnnxExporter(Objects.requireNonNull(model, "model"), null, List.of());
    }

    /** The same exporter with the normaliser fitted for the model's inputs (null: none). */
    public OnnxExporter withNormalizer(NormalizerParams params) {
        if (params != null && params.featureCount() != model.inputWidth()) {
            throw new IllegalArgumentException("the " + params.kind() + " normaliser was fitted on " + params.featureCount()
                    + " features but the model takes " + model.inputWidth());
        }
        return new OnnxExporter(model, params, classNames);
    }

    /** The same exporter with the names of the output classes, index order (empty: none). */
    public OnnxExporter withClassNames(List<String> names) {
        List<String> copy = List.copyOf(names);
        if (!copy.isEmpty() && copy.size() != model.outputWidth() && !(copy.size() == 2 && model.outputWidth() == 1)) {
            throw new IllegalArgumentException(copy.size() + " class names " + copy + " for a model with " + model.outputWidth() + " outputs");
        }
        return new OnnxExporter(model, normalizer, copy);
    }

    /** The ONNX model. */
    public ModelProto toModelProto() {
        ModelSpec spec = model.spec();
        GraphProto.Builder graphProto = GraphProto.newBuilder().setName("myelin").setDocString(spec.describe());
        GraphBuilder graph = new GraphBuilder(graphProto);
        graph.reserve(INPUT);
        graph.reserve(OUTPUT);
        graphProto.addInput(valueInfo(INPUT, spec.inputWidth()));
        graphProto.addOutput(valueInfo(OUTPUT, spec.outputWidth()));

        String x = normalizer == null ? INPUT : normalizerNodes(graph, INPUT);
        LayerNodes layers = new LayerNodes(graph, new ModelWeights(model));
        int width = spec.inputWidth();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            x = layers.append(layer, "layer" + i + ".", x, width);
            width = layer.outputWidth(width);
        }
        x = ActivationNodes.append(graph, spec.loss().outputActivation(), x, "prediction");
        graph.nodeTo("Identity", OUTPUT, List.of(x));

        ModelProto.Builder onnx = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("myelin")
                .setDocString("Myelin model " + spec.describe())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET_VERSION))
                .setGraph(graphProto);
        if (!classNames.isEmpty()) {
            onnx.addMetadataProps(StringStringEntryProto.newBuilder().setKey("class_names").setValue(String.join("\n", classNames)));
        }
        if (normalizer != null) {
            onnx.addMetadataProps(StringStringEntryProto.newBuilder().setKey("normalizer").setValue(normalizer.kind()));
        }
        return onnx.build();
    }

    /** The ONNX model's protobuf bytes, what {@link #write} stores. */
    public byte[] toBytes() {
        return toModelProto().toByteArray();
    }

    /**
     * Writes the ONNX model to {@code file}: first to a temporary file in the same folder, then
     * renamed over {@code file}, so a failure leaves no partial file behind.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public void write(Path file) {
        byte[] bytes = toBytes();
        Path absolute = file.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write the ONNX model to " + file + ": " + e, e);
        }
    }

    private String normalizerNodes(GraphBuilder graph, String input) {
        int d = normalizer.featureCount();
        String centered = graph.node("Sub", "normalizer.center", List.of(input, graph.floats("normalizer.center", normalizer.center(), d)));
        String scaled = graph.node("Div", "normalizer.scale", List.of(centered, graph.floats("normalizer.scale", normalizer.scale(), d)));
        double[] offset = normalizer.offset();
        boolean anyOffset = java.util.Arrays.stream(offset).anyMatch(v -> v != 0);
        return anyOffset ? graph.node("Add", "normalizer.offset", List.of(scaled, graph.floats("normalizer.offset", offset, d))) : scaled;
    }

    private static ValueInfoProto valueInfo(String name, int features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features))
                .build();
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
        }
    }
}
