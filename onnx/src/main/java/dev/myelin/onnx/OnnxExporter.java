package dev.myelin.onnx;

import dev.myelin.data.NormalizerParams;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.modelfile.AtomicFiles;
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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes a trained {@link Model} as a standard ONNX model: IR version 8, opset 17 (ONNX 1.12),
 * float32, one input {@code input [batch, inputWidth]} and one output {@code output [batch,
 * outputWidth]} holding what {@link Model#predict} returns (probabilities for classifiers: the
 * loss's output activation is part of the graph).
 *
 * <p>The model's input normaliser ({@link Model#inputNormalizer()}), when it has one, becomes the
 * graph's leading nodes {@code Sub(center)}, {@code Div(scale)} and, when an offset is non-zero,
 * {@code Add(offset)}, so the ONNX model takes raw features as {@link Model#predict} does. Layers are
 * exported in inference form (see {@code LayerNodes}): batch norm with its running estimates, dropout
 * as the identity. Parameters are rounded to float32 and named as in the model file
 * ({@code layers.0.dense.weight}, {@code layers.2.batchnorm.running_mean}). The model's class names,
 * when it has them, are stored in the ONNX metadata under {@code class_names}, one per line in class
 * index order; the normaliser's kind under {@code normalizer}.
 *
 * <pre>{@code
 * OnnxExporter.of(Model.load(Path.of("m.myelin"), cpu)).write(Path.of("m.onnx"));
 * }</pre>
 *
 * <p>{@link #toModelProto()} reads the model's parameters from its backend, so it must not run while
 * another thread trains the same model.
 *
 * <p>Not thread-safe with respect to its model: use it while no other thread trains the model; it keeps no other
 * mutable state.
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

    private OnnxExporter(Model model) {
        this.model = model;
    }

    /** An exporter of {@code model}, with its input normaliser and class names when it has them. */
    public static OnnxExporter of(Model model) {
        return new OnnxExporter(Objects.requireNonNull(model, "model"));
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

        NormalizerParams normalizer = model.inputNormalizer().orElse(null);
        String x = normalizer == null ? INPUT : normalizerNodes(graph, normalizer, INPUT);
        LayerNodes layers = new LayerNodes(graph, model);
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
        List<String> classNames = model.classNames();
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
     * Writes the ONNX model to {@code file} atomically ({@link AtomicFiles}): a failure leaves the old
     * file, if any, and no partial one.
     *
     * @throws IOException when the file cannot be written
     */
    public void write(Path file) throws IOException {
        byte[] bytes = toBytes();
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static String normalizerNodes(GraphBuilder graph, NormalizerParams normalizer, String input) {
        int d = normalizer.featureCount();
        String centered = graph.node("Sub", "normalizer.center", List.of(input, graph.floats("normalizer.center", normalizer.center(), d)));
        String scaled = graph.node("Div", "normalizer.scale", List.of(centered, graph.floats("normalizer.scale", normalizer.scale(), d)));
        double[] offset = normalizer.offset();
        boolean anyOffset = Arrays.stream(offset).anyMatch(v -> v != 0);
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
}
