package dev.myelin.onnx;

import dev.myelin.model.Model;
import dev.myelin.model.TensorLayout;
import dev.myelin.nn.ActivationSpec;
import dev.myelin.nn.BatchNormSpec;
import dev.myelin.nn.DenseSpec;
import dev.myelin.nn.DropoutSpec;
import dev.myelin.nn.LayerNormSpec;
import dev.myelin.nn.LayerSpec;
import dev.myelin.nn.MaxoutSpec;
import dev.myelin.nn.PReluSpec;
import dev.myelin.nn.ResidualSpec;

import java.util.List;

import static dev.myelin.onnx.GraphBuilder.floatAttribute;
import static dev.myelin.onnx.GraphBuilder.intAttribute;
import static dev.myelin.onnx.GraphBuilder.intsAttribute;

/**
 * The ONNX nodes of each Myelin layer in inference form, on {@code [batch, features]} values:
 * dense → {@code Gemm}; batch norm → {@code BatchNormalization} with the running estimates; layer
 * norm → {@code LayerNormalization} over the last axis; PReLU → {@code PRelu}; Maxout →
 * {@code Gemm}, {@code Reshape} to {@code [batch, units, k]}, {@code ReduceMax} over the pieces;
 * dropout → {@code Identity}; residual → its layers, then {@code Add} of the block's input. The
 * initializers carry the model file's tensor names ({@code layers.0.dense.weight}, see {@link TensorLayout}).
 */
final class LayerNodes {
    private final GraphBuilder graph;
    private final Model model;

    LayerNodes(GraphBuilder graph, Model model) {
        this.graph = graph;
        this.model = model;
    }

    /**
     * Appends {@code layer}, whose tensors the model names {@code prefix + name}, on {@code x} of
     * {@code width} features; returns the output's name.
     */
    String append(LayerSpec layer, String prefix, String x, int width) {
        String name = prefix.substring(0, prefix.length() - 1);
        if (layer instanceof DenseSpec dense) {
            return gemm(prefix, name, x, width, dense.units());
        }
        if (layer instanceof ActivationSpec activation) {
            return ActivationNodes.append(graph, activation.activation(), x, name + "." + activation.activation().kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (layer instanceof BatchNormSpec bn) {
            return graph.node("BatchNormalization", name + ".batchnorm",
                    List.of(x, vector(prefix + "gamma", width), vector(prefix + "beta", width),
                            vector(prefix + "runningMean", width), vector(prefix + "runningVar", width)),
                    floatAttribute("epsilon", bn.epsilon()));
        }
        if (layer instanceof LayerNormSpec ln) {
            return graph.node("LayerNormalization", name + ".layernorm",
                    List.of(x, vector(prefix + "gamma", width), vector(prefix + "beta", width)),
                    intAttribute("axis", -1), floatAttribute("epsilon", ln.epsilon()));
        }
        if (layer instanceof PReluSpec) {
            return graph.node("PRelu", name + ".prelu", List.of(x, vector(prefix + "alpha", width)));
        }
        if (layer instanceof MaxoutSpec maxout) {
            String pieces = gemm(prefix, name, x, width, maxout.units() * maxout.k());
            String shape = graph.int64s(name + ".pieces_shape", new long[] {0, maxout.units(), maxout.k()}, 3);
            String grouped = graph.node("Reshape", name + ".pieces", List.of(pieces, shape));
            return graph.node("ReduceMax", name + ".maxout", List.of(grouped), intsAttribute("axes", 2), intAttribute("keepdims", 0));
        }
        if (layer instanceof DropoutSpec) {
            return graph.node("Identity", name + ".dropout", List.of(x));
        }
        if (layer instanceof ResidualSpec residual) {
            String f = x;
            int w = width;
            List<LayerSpec> inner = residual.layers();
            for (int j = 0; j < inner.size(); j++) {
                f = append(inner.get(j), prefix + j + ".", f, w);
                w = inner.get(j).outputWidth(w);
            }
            return graph.node("Add", name + ".residual", List.of(x, f));
        }
        throw new IllegalArgumentException("cannot export layer '" + layer.describe() + "' (" + layer.getClass().getSimpleName()
                + ") to ONNX: the exporter knows dense, activation, batch norm, layer norm, PReLU, maxout, dropout and residual layers");
    }

    private String gemm(String prefix, String name, String x, int in, int out) {
        String w = initializer(prefix + "W", in, out);
        String b = vector(prefix + "b", out);
        return graph.node("Gemm", name + ".gemm", List.of(x, w, b));
    }

    private String vector(String internal, int width) {
        return initializer(internal, width);
    }

    /** The model's tensor {@code internal} ({@code layer0.W}) as a float32 initializer of shape {@code dims}, under its public name. */
    private String initializer(String internal, long... dims) {
        TensorLayout.Entry entry = model.tensorLayout().find(internal);
        if (entry == null) {
            throw new IllegalStateException("the model has no tensor '" + internal + "'");
        }
        return graph.floats(entry.name(), model.tensor(internal), dims);
    }
}
