package dev.myelin.backend;

import java.util.List;
import java.util.Locale;

/**
 * The activation functions a backend evaluates, and everything the rest of Myelin needs to know about each: its name
 * (on the command line and in model files), its parameter α, the weight initialiser it calls for, and its ONNX form.
 * This enum is the one description of an activation: parsing, printing, model files, the ONNX exporter, the default
 * initialiser and the tests all read it; a backend computes each kind by its {@link #ordinal()} (the CPU backend's
 * element-wise formulas, the CUDA kernels' codes), and the backend test kit checks every kind against PyTorch.
 *
 * <p>All are element-wise except {@link #SOFTMAX}, which is row-wise over the features of a {@code [batch, features]}
 * tensor.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum ActivationKind {
    /** {@code f(z) = z}. */
    IDENTITY(Alpha.NONE, WeightInit.XAVIER_UNIFORM, "x", "linear"),
    /** {@code f(z) = 1 / (1 + e^-z)}. */
    SIGMOID(Alpha.NONE, WeightInit.XAVIER_UNIFORM, "Sigmoid(x)"),
    /** {@code f(z) = tanh z}. */
    TANH(Alpha.NONE, WeightInit.XAVIER_UNIFORM, "Tanh(x)"),
    /** {@code f(z) = max(0, z)}, derivative 0 at 0. */
    RELU(Alpha.NONE, WeightInit.HE_NORMAL, "Relu(x)"),
    /** {@code f(z) = max(0, z) + α·min(0, z)}, α default 0.01 (PyTorch's). */
    LEAKY_RELU(Alpha.withDefault(0.01), WeightInit.HE_NORMAL, "LeakyRelu(x, alpha=α)", "leakyrelu"),
    /** {@code f(z) = z} for z > 0, {@code α(e^z − 1)} otherwise, α > 0, default 1. */
    ELU(Alpha.positiveWithDefault(1.0), WeightInit.HE_NORMAL, "Elu(x, alpha=α)"),
    /**
     * {@code f(z) = λ·z} for z > 0, {@code λα(e^z − 1)} otherwise, λ ≈ 1.0507, α ≈ 1.6733 (Klambauer et al. 2017,
     * fixed); LeCun normal weights, which self-normalisation assumes. ONNX's {@code Selu} defaults are the float32
     * values of the same constants.
     */
    SELU(Alpha.NONE, WeightInit.LECUN_NORMAL, "Selu(x)"),
    /** Swish / SiLU: {@code f(z) = z·σ(z)}. */
    SWISH(Alpha.NONE, WeightInit.HE_NORMAL, "Mul(x, Sigmoid(x))", "silu"),
    /** Row-wise {@code softmax(z)_j = e^{z_j} / Σ_k e^{z_k}} over the features. */
    SOFTMAX(Alpha.NONE, WeightInit.XAVIER_UNIFORM, "Softmax(x, axis=-1)"),
    /**
     * The generalised rectifier {@code max(0, z) + α·min(0, z)} for any α, which must be given (α = −1: absolute
     * value).
     */
    RECTIFIER(Alpha.REQUIRED, WeightInit.HE_NORMAL, "LeakyRelu(x, alpha=α)"),
    /**
     * GELU in PyTorch's tanh form ({@code gelu(z, approximate='tanh')}):
     * {@code f(z) = z/2·(1 + tanh(√(2/π)·(z + 0.044715·z³)))}.
     */
    GELU_TANH(Alpha.NONE, WeightInit.HE_NORMAL,
            "Mul(Mul(x, 0.5), Add(Tanh(Mul(Add(x, Mul(Mul(Mul(x, x), x), 0.044715)), 0.7978845608028654)), 1))"),
    /** Softplus, PyTorch's ({@code softplus(z)}, β = 1): {@code f(z) = log(1 + e^z)}, and {@code z} itself above 20. */
    SOFTPLUS(Alpha.NONE, WeightInit.HE_NORMAL, "Softplus(x)");

    /**
     * How a kind uses its parameter α.
     *
     * @param used         whether the function has an α (when not, α is ignored and written as 0)
     * @param defaultValue α when none is given; NaN when the user must give one
     * @param positive     whether α must be {@code > 0}
     */
    public record Alpha(boolean used, double defaultValue, boolean positive) {
        /** No parameter. */
        public static final Alpha NONE = new Alpha(false, 0, false);
        /** A parameter the user must give, any finite value. */
        public static final Alpha REQUIRED = new Alpha(true, Double.NaN, false);

        /** Any finite α, {@code value} when none is given. */
        public static Alpha withDefault(double value) {
            return new Alpha(true, value, false);
        }

        /** α {@code > 0}, {@code value} when none is given. */
        public static Alpha positiveWithDefault(double value) {
            return new Alpha(true, value, true);
        }

        /** Whether a value is used when none is given. */
        public boolean hasDefault() {
            return used && !Double.isNaN(defaultValue);
        }
    }

    /** The family of weight initialiser that suits the weights feeding an activation (the layer's default). */
    public enum WeightInit {
        /** Xavier/Glorot uniform: saturating and linear functions. */
        XAVIER_UNIFORM,
        /** He/Kaiming normal: the rectifier family and its smooth relatives. */
        HE_NORMAL,
        /** LeCun normal: self-normalising functions. */
        LECUN_NORMAL
    }

    private final Alpha alpha;
    private final WeightInit weightInit;
    private final String onnx;
    private final List<String> aliases;

    ActivationKind(Alpha alpha, WeightInit weightInit, String onnx, String... aliases) {
        this.alpha = alpha;
        this.weightInit = weightInit;
        this.onnx = onnx;
        this.aliases = List.of(aliases);
    }

    /** The name on the command line, in model files and in golden file names: the constant in lower case ({@code leaky_relu}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Other names the command line accepts ({@code silu} for {@link #SWISH}…); may be empty. */
    public List<String> aliases() {
        return aliases;
    }

    /** How this kind uses α. */
    public Alpha alpha() {
        return alpha;
    }

    /** The initialiser family for the weights feeding this activation when the user names none. */
    public WeightInit weightInit() {
        return weightInit;
    }

    /** Whether the function is applied to each element alone (every kind but {@link #SOFTMAX}). */
    public boolean elementWise() {
        return this != SOFTMAX;
    }

    /**
     * The ONNX (opset 17) form of {@code f(x)}, an expression of standard operators: {@code x} is the input; a call
     * {@code Op(arg, …, name=value)} is a node with its inputs, then its attributes (an integer is an INT attribute, any
     * other number or {@code α}, this activation's parameter, a FLOAT one); a number in an input place is a float32
     * scalar constant. Example: {@code Mul(x, Sigmoid(x))}.
     */
    public String onnx() {
        return onnx;
    }

    /**
     * The kind named {@code name} (its {@link #id()} or one of its {@link #aliases()}, in any case).
     *
     * @throws IllegalArgumentException naming every known name when none matches
     */
    public static ActivationKind fromName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ActivationKind kind : values()) {
            if (kind.id().equals(wanted) || kind.aliases.contains(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of " + names());
    }

    /** Every kind's name as the command line writes it, α shown where the kind takes one: {@code relu, leaky_relu[:α], …}. */
    public static String names() {
        StringBuilder text = new StringBuilder();
        for (ActivationKind kind : values()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(kind.id());
            if (kind.alpha.used()) {
                text.append(kind.alpha.hasDefault() ? "[:α]" : ":α");
            }
        }
        return text.toString();
    }
}
