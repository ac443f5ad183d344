package dev.myelin.onnx;

import dev.myelin.backend.ActivationKind;
import dev.myelin.nn.Activation;
import dev.myelin.onnx.proto.OnnxProto.AttributeProto;

import java.util.ArrayList;
import java.util.List;

import static dev.myelin.onnx.GraphBuilder.floatAttribute;
import static dev.myelin.onnx.GraphBuilder.intAttribute;

/**
 * The ONNX (opset 17) nodes of each Myelin activation, applied to a {@code [batch, features]} value: built from the
 * kind's {@link ActivationKind#onnx()} expression, such as {@code Mul(x, Sigmoid(x))} or {@code LeakyRelu(x, alpha=α)}.
 * Not thread-safe (one instance per expression being appended).
 */
final class ActivationNodes {
    private final GraphBuilder graph;
    private final String text;
    private final String x;
    private final double alpha;
    private final String name;
    private int pos;

    private ActivationNodes(GraphBuilder graph, String text, String x, double alpha, String name) {
        this.graph = graph;
        this.text = text;
        this.x = x;
        this.alpha = alpha;
        this.name = name;
    }

    /**
     * Appends the nodes of {@code activation} on {@code x}; returns the output's name ({@code x} itself for the
     * identity). The outermost node is named {@code name}, inner ones {@code name.op}.
     *
     * @throws IllegalStateException when the kind's ONNX expression does not parse (a mistake in {@link ActivationKind})
     */
    static String append(GraphBuilder graph, Activation activation, String x, String name) {
        String onnx = activation.kind().onnx();
        ActivationNodes parser = new ActivationNodes(graph, onnx, x, activation.alpha(), name);
        String out = parser.expression(true);
        parser.skipSpaces();
        if (parser.pos != onnx.length()) {
            throw parser.error("unexpected text");
        }
        return out;
    }

    /** One input: {@code x}, a number (a float32 scalar constant) or a call; {@code outer}: the call that gives the result. */
    private String expression(boolean outer) {
        skipSpaces();
        String token = token();
        if (token.equals("x")) {
            return x;
        }
        if (Character.isDigit(token.charAt(0)) || token.charAt(0) == '-') {
            return graph.floats(name + ".const", new double[] {number(token)});
        }
        expect('(');
        List<String> inputs = new ArrayList<>();
        List<AttributeProto> attributes = new ArrayList<>();
        do {
            skipSpaces();
            int start = pos;
            String argument = token();
            skipSpaces();
            if (peek() == '=') {
                pos++;
                skipSpaces();
                attributes.add(attribute(argument, token()));
            } else {
                pos = start;
                inputs.add(expression(false));
            }
            skipSpaces();
        } while (consume(','));
        expect(')');
        String nodeName = outer ? name : name + "." + token.toLowerCase(java.util.Locale.ROOT);
        return graph.node(token, nodeName, inputs, attributes.toArray(new AttributeProto[0]));
    }

    private AttributeProto attribute(String key, String value) {
        if (value.equals("α")) {
            return floatAttribute(key, alpha);
        }
        if (value.matches("-?\\d+")) {
            return intAttribute(key, Long.parseLong(value));
        }
        return floatAttribute(key, number(value));
    }

    private double number(String token) {
        try {
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw error("'" + token + "' is not a number");
        }
    }

    /** A name, a number or {@code α}. */
    private String token() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "._-+".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a name or a number");
        }
        return text.substring(start, pos);
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipSpaces();
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private IllegalStateException error(String what) {
        return new IllegalStateException("ONNX form '" + text + "' of an activation, at character " + pos + ": " + what);
    }
}
