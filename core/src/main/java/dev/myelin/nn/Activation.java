package dev.myelin.nn;

import dev.myelin.backend.ActivationKind;
import dev.myelin.util.ArgumentChecks;

/**
 * An activation function and its parameter.
 *
 * <p>Formulas (z is the pre-activation):
 * <ul>
 *   <li>identity {@code z}; sigmoid {@code 1/(1+e^−z)}; tanh; ReLU {@code max(0,z)} (derivative 0 at 0)</li>
 *   <li>leaky ReLU and the generalised rectifier {@code max(0,z) + α·min(0,z)} (leaky default α = 0.01)</li>
 *   <li>ELU {@code z > 0 ? z : α(e^z − 1)} (default α = 1)</li>
 *   <li>SELU {@code λ·ELU_α(z)} with λ ≈ 1.0507, α ≈ 1.6733 (Klambauer et al. 2017)</li>
 *   <li>Swish/SiLU {@code z·σ(z)}; softmax row-wise over the features</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind  which function
 * @param alpha its parameter (α of leaky ReLU, ELU and the rectifier; ignored by the others)
 */
public record Activation(ActivationKind kind, double alpha) {
    /** Leaky ReLU's default slope for z < 0. */
    public static final double LEAKY_RELU_DEFAULT_ALPHA = 0.01;

    public Activation {
        ArgumentChecks.notNull("activation kind", kind);
        ArgumentChecks.finite("activation parameter α", alpha);
        if (kind == ActivationKind.ELU && alpha <= 0) {
            throw new IllegalArgumentException("ELU α must be > 0, got " + alpha);
        }
    }

    public static Activation identity() {
        return new Activation(ActivationKind.IDENTITY, 0);
    }

    public static Activation sigmoid() {
        return new Activation(ActivationKind.SIGMOID, 0);
    }

    public static Activation tanh() {
        return new Activation(ActivationKind.TANH, 0);
    }

    public static Activation relu() {
        return new Activation(ActivationKind.RELU, 0);
    }

    /** Leaky ReLU with α = 0.01. */
    public static Activation leakyRelu() {
        return leakyRelu(LEAKY_RELU_DEFAULT_ALPHA);
    }

    public static Activation leakyRelu(double alpha) {
        return new Activation(ActivationKind.LEAKY_RELU, alpha);
    }

    /** ELU with α = 1. */
    public static Activation elu() {
        return elu(1.0);
    }

    public static Activation elu(double alpha) {
        return new Activation(ActivationKind.ELU, alpha);
    }

    public static Activation selu() {
        return new Activation(ActivationKind.SELU, 0);
    }

    public static Activation swish() {
        return new Activation(ActivationKind.SWISH, 0);
    }

    public static Activation softmax() {
        return new Activation(ActivationKind.SOFTMAX, 0);
    }

    /** The generalised rectifier {@code max(0,z) + α·min(0,z)}. */
    public static Activation rectifier(double alpha) {
        return new Activation(ActivationKind.RECTIFIER, alpha);
    }

    /**
     * Parses a name as written on the command line: {@code identity|linear, sigmoid, tanh, relu,
     * leaky_relu[:α], elu[:α], selu, swish|silu, softmax, rectifier:α}.
     */
    public static Activation parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split(":", 2);
        Double alpha = parts.length == 2 ? parseAlpha(parts[1], text) : null;
        return switch (parts[0]) {
            case "identity", "linear" -> identity();
            case "sigmoid" -> sigmoid();
            case "tanh" -> tanh();
            case "relu" -> relu();
            case "leaky_relu", "leakyrelu" -> alpha == null ? leakyRelu() : leakyRelu(alpha);
            case "elu" -> alpha == null ? elu() : elu(alpha);
            case "selu" -> selu();
            case "swish", "silu" -> swish();
            case "softmax" -> softmax();
            case "rectifier" -> {
                if (alpha == null) {
                    throw new IllegalArgumentException("rectifier needs its α, e.g. rectifier:-1 (absolute value)");
                }
                yield rectifier(alpha);
            }
            default -> throw new IllegalArgumentException("unknown activation '" + text
                    + "'; expected identity, sigmoid, tanh, relu, leaky_relu[:α], elu[:α], selu, swish, softmax or rectifier:α");
        };
    }

    private static double parseAlpha(String value, String text) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("activation '" + text + "': α '" + value + "' is not a number", e);
        }
    }

    /**
     * The initialiser recommended for weights feeding this activation when the user names none:
     * Xavier/Glorot uniform for sigmoid, tanh, softmax and identity; He/Kaiming for the ReLU family
     * and Swish; LeCun normal for SELU (self-normalisation assumes it).
     */
    public Initializer recommendedInitializer() {
        return switch (kind) {
            case SIGMOID, TANH, SOFTMAX, IDENTITY -> Initializer.xavierUniform();
            case RELU, LEAKY_RELU, RECTIFIER, ELU, SWISH -> Initializer.heNormal();
            case SELU -> Initializer.lecunNormal();
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LEAKY_RELU, ELU, RECTIFIER -> kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + alpha;
            default -> kind.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
