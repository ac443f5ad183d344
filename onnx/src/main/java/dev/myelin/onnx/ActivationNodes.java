package dev.myelin.onnx;

import dev.myelin.nn.Activation;

import java.util.List;

import static dev.myelin.onnx.GraphBuilder.floatAttribute;
import static dev.myelin.onnx.GraphBuilder.intAttribute;

/** The ONNX (opset 17) nodes of each Myelin activation, applied to a {@code [batch, features]} value. */
final class ActivationNodes {
    private ActivationNodes() {
    }

    /**
     * Appends the nodes of {@code activation} on {@code x}; returns the output's name ({@code x}
     * itself for the identity). SELU uses ONNX's default α and γ, which are the float32 values of
     * the constants of Klambauer et al. that Myelin uses; the generalised rectifier
     * {@code max(0,z) + α·min(0,z)} is ONNX's {@code LeakyRelu} with that α, for any α.
     */
    static String append(GraphBuilder graph, Activation activation, String x, String name) {
        List<String> in = List.of(x);
        return switch (activation.kind()) {
            case IDENTITY -> x;
            case SIGMOID -> graph.node("Sigmoid", name, in);
            case TANH -> graph.node("Tanh", name, in);
            case RELU -> graph.node("Relu", name, in);
            case LEAKY_RELU, RECTIFIER -> graph.node("LeakyRelu", name, in, floatAttribute("alpha", activation.alpha()));
            case ELU -> graph.node("Elu", name, in, floatAttribute("alpha", activation.alpha()));
            case SELU -> graph.node("Selu", name, in);
            case SWISH -> graph.node("Mul", name, List.of(x, graph.node("Sigmoid", name + ".sigmoid", in)));
            case SOFTMAX -> graph.node("Softmax", name, in, intAttribute("axis", -1));
        };
    }
}
