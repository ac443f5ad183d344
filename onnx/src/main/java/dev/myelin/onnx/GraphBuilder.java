package dev.myelin.onnx;

import com.google.protobuf.ByteString;
import dev.myelin.onnx.proto.OnnxProto.AttributeProto;
import dev.myelin.onnx.proto.OnnxProto.GraphProto;
import dev.myelin.onnx.proto.OnnxProto.NodeProto;
import dev.myelin.onnx.proto.OnnxProto.TensorProto;
import dev.myelin.util.ArgumentChecks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the nodes and initializers of one ONNX graph, giving every value a unique name.
 * Initializers are float32 (or int64 for shapes), stored little-endian in {@code raw_data}.
 * Not thread-safe.
 */
final class GraphBuilder {
    private final GraphProto.Builder graph;
    private final Set<String> names = new HashSet<>();

    GraphBuilder(GraphProto.Builder graph) {
        this.graph = graph;
    }

    /** Reserves a name that is already a graph input or output. */
    void reserve(String name) {
        if (!names.add(name)) {
            throw new IllegalStateException("value name '" + name + "' is taken");
        }
    }

    /** {@code base}, or {@code base_1}, {@code base_2} … when taken; reserved on return. */
    String fresh(String base) {
        String name = base;
        for (int i = 1; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** A float32 initializer of shape {@code dims} from float64 values (rounded to nearest). */
    String floats(String name, double[] values, long... dims) {
        ArgumentChecks.fillsShape("initializer " + name, values.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            raw.putFloat((float) v);
        }
        return initializer(name, TensorProto.DataType.FLOAT, raw, dims);
    }

    /** An int64 initializer (shapes for {@code Reshape}). */
    String int64s(String name, long[] values, long... dims) {
        ArgumentChecks.fillsShape("initializer " + name, values.length, dims);
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return initializer(name, TensorProto.DataType.INT64, raw, dims);
    }

    private String initializer(String name, TensorProto.DataType type, ByteBuffer raw, long... dims) {
        String unique = fresh(name);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(unique).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            tensor.addDims(d);
        }
        graph.addInitializer(tensor);
        return unique;
    }

    /** Adds node {@code op(inputs…)} named after {@code name}; returns its single output's name. */
    String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
        String output = fresh(name);
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return output;
    }

    /** Adds node {@code op(inputs…)} writing to the already reserved value {@code output}. */
    void nodeTo(String op, String output, List<String> inputs) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output));
    }

    static AttributeProto floatAttribute(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }
}
