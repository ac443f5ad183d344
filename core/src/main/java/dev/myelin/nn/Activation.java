package dev.myelin.nn;

import dev.myelin.backend.ActivationKind;
import dev.myelin.util.ArgumentChecks;
import dev.myelin.util.OptionSpec;

/**
 * An activation function and its parameter. What each kind computes, whether it takes α and its default, is
 * described by {@link ActivationKind}; this record pairs a kind with its α and checks the pair.
 *
 * <p>The formulas are those of each {@link ActivationKind} constant (PyTorch's), e.g. ReLU {@code max(0,z)} with
 * derivative 0 at 0, ELU {@code z > 0 ? z : α(e^z − 1)}, softmax row-wise over the features.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind  which function
 * @param alpha its parameter (α of leaky ReLU, ELU and the rectifier: {@link ActivationKind#alpha()}); 0 for kinds
 *              without one
 */
public record Activation(ActivationKind kind, double alpha) {
    /** Leaky ReLU's default slope for z < 0. */
    public static final double LEAKY_RELU_DEFAULT_ALPHA = ActivationKind.LEAKY_RELU.alpha().defaultValue();

    public Activation {
        ArgumentChecks.notNull("activation kind", kind);
        ArgumentChecks.finite("activation parameter α", alpha);
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
     * {@code :α} for kinds that take one ({@code leaky_relu:0.2}); without it, the kind's default α. Every name is
     * listed by {@link ActivationKind#names()}.
     *
     * @throws IllegalArgumentException for an unknown name, an α the kind does not take, a missing required α or a bad α
     */
    public static Activation parse(String text) {
        OptionSpec s = OptionSpec.parseWithValues(text, "activation", "leaky_relu:0.2; names: " + ActivationKind.names());
        ActivationKind kind = ActivationKind.fromName(s.name());
        s.accept();
        if (s.positional().isEmpty()) {
            return of(kind);
        }
        if (!kind.alpha().used()) {
            throw new IllegalArgumentException("activation '" + text + "': " + kind.id() + " takes no parameter; write " + kind.id());
        }
        s.acceptPositional(1, kind.id() + ":α");
        return of(kind, s.number(0, kind.id() + ":α"));
    }

    /**
     * The initialiser recommended for weights feeding this activation when the user names none, from the kind's
     * family ({@link ActivationKind#weightInit()}): Xavier/Glorot uniform (sigmoid, tanh, softmax, identity), He/Kaiming
     * normal (the ReLU family and its smooth relatives) or LeCun normal (SELU: self-normalisation assumes it).
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
