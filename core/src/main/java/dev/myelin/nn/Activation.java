package dev.myelin.nn;

import dev.myelin.backend.ActivationKind;

/**
 * An activation function and its parameter. What each kind computes, whether it takes α and its default, is
 * described by {@link ActivationKind}; this record pairs a kind with its α and checks the pair.
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
 * @param alpha its parameter (α of leaky ReLU, ELU and the rectifier); 0 for kinds without one
 */
public record Activation(ActivationKind kind, double alpha) {
    /** Leaky ReLU's default slope for z < 0. */
    public static final double LEAKY_RELU_DEFAULT_ALPHA = ActivationKind.LEAKY_RELU.alpha().defaultValue();

    public Activation {
        if (kind == null) {
            throw new IllegalArgumentException("activation kind must not be null");
        }
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("activation parameter α must be finite, got " + alpha);
        }
        if (kind.alpha().positive() && alpha <= 0) {
            throw new IllegalArgumentException(kind + " α must be > 0, got " + alpha);
        }
    }

    /**
     * {@code kind} with its default α (0 for kinds without one).
     *
     * @throws IllegalArgumentException when the kind has an α without a default (the rectifier): use {@link #of(ActivationKind, double)}
     */
    public static Activation of(ActivationKind kind) {
        ActivationKind.Alpha a = kind.alpha();
        if (a.used() && !a.hasDefault()) {
            throw new IllegalArgumentException(kind.id() + " needs its α, e.g. " + kind.id() + ":-1");
        }
        return new Activation(kind, a.used() ? a.defaultValue() : 0);
    }

    /** {@code kind} with parameter {@code alpha} (ignored, and kept as 0, by kinds without one). */
    public static Activation of(ActivationKind kind, double alpha) {
        return new Activation(kind, kind.alpha().used() ? alpha : 0);
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
        return of(ActivationKind.LEAKY_RELU);
    }

    public static Activation leakyRelu(double alpha) {
        return new Activation(ActivationKind.LEAKY_RELU, alpha);
    }

    /** ELU with α = 1. */
    public static Activation elu() {
        return of(ActivationKind.ELU);
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
     * Parses a name as written on the command line: the kind's name or alias ({@link ActivationKind#fromName}), then
     * {@code :α} for kinds that take one ({@code leaky_relu:0.2}); without it, the kind's default α. The names today:
     * {@code identity|linear, sigmoid, tanh, relu, leaky_relu[:α], elu[:α], selu, swish|silu, softmax, rectifier:α}.
     *
     * @throws IllegalArgumentException for an unknown name, an α the kind does not take, a missing required α or a bad α
     */
    public static Activation parse(String text) {
        String[] parts = text.trim().split(":", 2);
        ActivationKind kind = ActivationKind.fromName(parts[0]);
        if (parts.length == 1) {
            return of(kind);
        }
        if (!kind.alpha().used()) {
            throw new IllegalArgumentException("activation '" + text + "': " + kind.id() + " takes no parameter; write " + kind.id());
        }
        return of(kind, parseAlpha(parts[1], text));
    }

    private static double parseAlpha(String value, String text) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("activation '" + text + "': α '" + value + "' is not a number", e);
        }
    }

    /**
     * The initialiser recommended for weights feeding this activation when the user names none
     * ({@link ActivationKind#weightInit()}): Xavier/Glorot uniform for sigmoid, tanh, softmax and identity; He/Kaiming
     * normal for the ReLU family and Swish; LeCun normal for SELU (self-normalisation assumes it).
     */
    public Initializer recommendedInitializer() {
        return switch (kind.weightInit()) {
            case XAVIER_UNIFORM -> Initializer.xavierUniform();
            case HE_NORMAL -> Initializer.heNormal();
            case LECUN_NORMAL -> Initializer.lecunNormal();
        };
    }

    /** The command-line form, which {@link #parse} reads back: {@code relu}, {@code elu:0.5}. */
    @Override
    public String toString() {
        return kind.alpha().used() ? kind.id() + ":" + alpha : kind.id();
    }
}
