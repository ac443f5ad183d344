package dev.myelin.loss;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.nn.Activation;

import dev.myelin.util.ArgumentChecks;
import dev.myelin.util.OptionSpec;

/**
 * A training loss. The loss of a batch is the mean over its samples of the per-sample loss ℓ,
 * where, with K outputs o, targets t:
 * <ul>
 *   <li>MSE {@code ℓ = (1/K) Σ (o−t)²}; MAE {@code ℓ = (1/K) Σ |o−t|}</li>
 *   <li>Huber (δ, default 1) {@code ℓ = (1/K) Σ h(o−t)}, {@code h(d) = d²/2} for {@code |d| < δ}, else {@code δ(|d| − δ/2)}</li>
 *   <li>binary cross-entropy on probabilities {@code ℓ = −(1/K) Σ [t·log o + (1−t)·log(1−o)]}, logs clamped at −100 as
 *       in PyTorch; on logits x (numerically stable) {@code ℓ = (1/K) Σ [max(x,0) − x·t + log(1 + e^−|x|)]}</li>
 *   <li>categorical cross-entropy {@code ℓ = −Σ_c t_c·log p_c} on one-hot (or soft) targets; sparse categorical
 *       cross-entropy the same with {@code t = onehot(label)}, the target being the class index. From logits,
 *       {@code p = softmax(x)} fused with the log for stability (gradient {@code p − t}).</li>
 *   <li>label smoothing ε (categorical losses): {@code t ← (1−ε)·t + ε/K}, as PyTorch's {@code label_smoothing}</li>
 * </ul>
 * A model whose output activation is softmax (sigmoid) and whose loss is the categorical (binary) cross-entropy
 * on probabilities is trained on the logits with the fused form; {@link #outputActivation()} says what turns
 * the model's raw output into predictions.
 *
 * <p>Immutable and thread-safe.
 *
 * @param spec what the backend evaluates
 */
public record Loss(LossSpec spec) {
    /** Huber's default threshold. */
    public static final double HUBER_DEFAULT_DELTA = 1.0;

    public Loss {
        if (spec == null || spec.kind() == null) {
            throw new IllegalArgumentException("loss kind must not be null");
        }
        ArgumentChecks.inClosedOpenUnitInterval("label smoothing", spec.labelSmoothing());
        if (spec.labelSmoothing() > 0 && !isCategorical(spec.kind())) {
            throw new IllegalArgumentException("label smoothing applies to the categorical cross-entropies only, not " + spec.kind());
        }
        if (spec.kind() == LossKind.HUBER && !(spec.delta() > 0 && Double.isFinite(spec.delta()))) {
            throw new IllegalArgumentException("Huber δ must be > 0, got " + spec.delta());
        }
    }

    private static boolean isCategorical(LossKind kind) {
        return kind == LossKind.CATEGORICAL_CROSS_ENTROPY || kind == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
    }

    private static Loss of(LossKind kind, boolean fromLogits) {
        return new Loss(new LossSpec(kind, fromLogits, HUBER_DEFAULT_DELTA, 0));
    }

    public static Loss meanSquaredError() {
        return of(LossKind.MEAN_SQUARED_ERROR, false);
    }

    public static Loss meanAbsoluteError() {
        return of(LossKind.MEAN_ABSOLUTE_ERROR, false);
    }

    /** Huber with δ = 1. */
    public static Loss huber() {
        return huber(HUBER_DEFAULT_DELTA);
    }

    public static Loss huber(double delta) {
        return new Loss(new LossSpec(LossKind.HUBER, false, delta, 0));
    }

    /** Binary cross-entropy on probabilities (the output layer should end in a sigmoid). */
    public static Loss binaryCrossEntropy() {
        return of(LossKind.BINARY_CROSS_ENTROPY, false);
    }

    /** Binary cross-entropy on logits, sigmoid fused in (numerically stable). */
    public static Loss binaryCrossEntropyWithLogits() {
        return of(LossKind.BINARY_CROSS_ENTROPY, true);
    }

    /** Categorical cross-entropy on probabilities, targets one-hot {@code [batch, K]}. */
    public static Loss categoricalCrossEntropy() {
        return of(LossKind.CATEGORICAL_CROSS_ENTROPY, false);
    }

    /** Categorical cross-entropy on logits, softmax fused in, targets one-hot {@code [batch, K]}. */
    public static Loss categoricalCrossEntropyWithLogits() {
        return of(LossKind.CATEGORICAL_CROSS_ENTROPY, true);
    }

    /** Sparse categorical cross-entropy on probabilities, targets class indices {@code [batch, 1]}. */
    public static Loss sparseCategoricalCrossEntropy() {
        return of(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, false);
    }

    /** Sparse categorical cross-entropy on logits, softmax fused in, targets class indices {@code [batch, 1]}. */
    public static Loss sparseCategoricalCrossEntropyWithLogits() {
        return of(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true);
    }

    /** The same loss with label smoothing ε in [0, 1). */
    public Loss withLabelSmoothing(double epsilon) {
        return new Loss(new LossSpec(spec.kind(), spec.fromLogits(), spec.delta(), epsilon));
    }

    /** The same loss taking logits (fused sigmoid/softmax). */
    public Loss withLogits() {
        return new Loss(new LossSpec(spec.kind(), true, spec.delta(), spec.labelSmoothing()));
    }

    public LossKind kind() {
        return spec.kind();
    }

    /** Whether the targets are class labels (the cross-entropies). */
    public boolean isClassification() {
        return switch (spec.kind()) {
            case BINARY_CROSS_ENTROPY, CATEGORICAL_CROSS_ENTROPY, SPARSE_CATEGORICAL_CROSS_ENTROPY -> true;
            default -> false;
        };
    }

    /** Whether the target is one class index per sample ({@code [batch, 1]}) rather than a row of K values. */
    public boolean sparseTargets() {
        return spec.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
    }

    /** Whether this loss and an output activation fuse into the numerically stable logit form. */
    public boolean fusesWith(Activation outputActivation) {
        if (spec.fromLogits()) {
            return false;
        }
        return (outputActivation.kind() == ActivationKind.SOFTMAX && isCategorical(spec.kind()))
                || (outputActivation.kind() == ActivationKind.SIGMOID && spec.kind() == LossKind.BINARY_CROSS_ENTROPY);
    }

    /** The function that turns the raw model output into predictions: softmax/sigmoid for logit losses, else identity. */
    public Activation outputActivation() {
        if (!spec.fromLogits()) {
            return Activation.identity();
        }
        return spec.kind() == LossKind.BINARY_CROSS_ENTROPY ? Activation.sigmoid() : Activation.softmax();
    }

    /** Parses {@code mse, mae, huber[:δ], bce, bce_logits, cce, cce_logits, sparse_cce, sparse_cce_logits} with an optional {@code ,smoothing=ε}. */
    public static Loss parse(String text) {
        OptionSpec s = OptionSpec.parseWithValues(text, "loss", "huber:1.5 or cce,smoothing=0.1");
        Loss loss = switch (s.name()) {
            case "mse" -> meanSquaredError();
            case "mae" -> meanAbsoluteError();
            case "huber" -> s.positional().isEmpty() ? huber() : huber(s.number(0, "huber:δ"));
            case "bce" -> binaryCrossEntropy();
            case "bce_logits" -> binaryCrossEntropyWithLogits();
            case "cce" -> categoricalCrossEntropy();
            case "cce_logits" -> categoricalCrossEntropyWithLogits();
            case "sparse_cce" -> sparseCategoricalCrossEntropy();
            case "sparse_cce_logits" -> sparseCategoricalCrossEntropyWithLogits();
            default -> throw new IllegalArgumentException("unknown loss '" + text
                    + "'; expected mse, mae, huber[:δ], bce, bce_logits, cce, cce_logits, sparse_cce or sparse_cce_logits");
        };
        s.accept("smoothing");
        s.acceptPositional(s.name().equals("huber") ? 1 : 0, s.name().equals("huber") ? "huber:δ" : s.name());
        return s.has("smoothing") ? loss.withLabelSmoothing(s.number("smoothing", 0)) : loss;
    }

    @Override
    public String toString() {
        String name = switch (spec.kind()) {
            case MEAN_SQUARED_ERROR -> "mse";
            case MEAN_ABSOLUTE_ERROR -> "mae";
            case HUBER -> "huber:" + spec.delta();
            case BINARY_CROSS_ENTROPY -> spec.fromLogits() ? "bce_logits" : "bce";
            case CATEGORICAL_CROSS_ENTROPY -> spec.fromLogits() ? "cce_logits" : "cce";
            case SPARSE_CATEGORICAL_CROSS_ENTROPY -> spec.fromLogits() ? "sparse_cce_logits" : "sparse_cce";
        };
        return spec.labelSmoothing() > 0 ? name + ",smoothing=" + spec.labelSmoothing() : name;
    }
}
