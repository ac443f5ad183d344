package dev.myelin.model;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossKind;

import dev.myelin.loss.Loss;
import dev.myelin.nn.Activation;
import dev.myelin.nn.ActivationSpec;
import dev.myelin.nn.BatchNormSpec;
import dev.myelin.nn.DenseSpec;
import dev.myelin.nn.DropoutSpec;
import dev.myelin.nn.Initializer;
import dev.myelin.nn.LayerNormSpec;
import dev.myelin.nn.LayerSpec;
import dev.myelin.nn.MaxoutSpec;
import dev.myelin.nn.PReluSpec;
import dev.myelin.nn.ResidualSpec;
import dev.myelin.regularization.Regularization;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds a {@link ModelSpec} in the order the network reads:
 * <pre>{@code
 * ModelSpec spec = ModelSpec.builder(64)
 *         .dense(128, Activation.relu())
 *         .dense(64, Activation.tanh())
 *         .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
 *         .build();
 * }</pre>
 * A dense layer without an explicit initialiser gets the one its activation recommends
 * ({@link Activation#recommendedInitializer()}); biases start at 0. An output of softmax with a
 * categorical cross-entropy (sigmoid with binary cross-entropy) is fused into the numerically
 * stable logit form.
 *
 * <p>Normalisation, dropout and other layers read in place:
 * <pre>{@code
 * ModelSpec.builder(64)
 *         .dense(128, Activation.identity()).batchNorm().activation(Activation.relu())
 *         .dropout(0.2)
 *         .residual(f -> f.dense(128, Activation.relu()).dense(128, Activation.identity()))
 *         .maxout(32, 3)
 *         .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe: a builder is filled by one thread; the {@link ModelSpec} it builds is immutable.
 */
public final class ModelBuilder {
    private final int inputWidth;
    private final List<LayerSpec> layers = new ArrayList<>();
    private Loss loss;
    private Regularization regularization = Regularization.none();

    ModelBuilder(int inputWidth) {
        this.inputWidth = inputWidth;
    }

    /** A dense layer of {@code units} followed by {@code activation}, initialised as the activation recommends. */
    public ModelBuilder dense(int units, Activation activation) {
        return dense(units, activation, activation.recommendedInitializer());
    }

    /** A dense layer of {@code units} with an explicit initialiser, followed by {@code activation}. */
    public ModelBuilder dense(int units, Activation activation, Initializer init) {
        layers.add(new DenseSpec(units, init, 0.0));
        return activation(activation);
    }

    /** Any layer. */
    public ModelBuilder layer(LayerSpec layer) {
        layers.add(layer);
        return this;
    }

    /** An activation on its own (identity adds nothing). */
    public ModelBuilder activation(Activation activation) {
        if (activation.kind() != dev.myelin.backend.ActivationKind.IDENTITY) {
            layers.add(new ActivationSpec(activation));
        }
        return this;
    }

    /** A linear output layer of {@code units} trained with {@code loss}. */
    public ModelBuilder output(int units, Loss loss) {
        return output(units, Activation.identity(), loss);
    }

    /** The output layer: {@code units}, its activation and the loss (fused with softmax/sigmoid where possible). */
    public ModelBuilder output(int units, Activation activation, Loss loss) {
        if (loss.fusesWith(activation)) {
            layers.add(new DenseSpec(units, activation.recommendedInitializer(), 0.0));
            this.loss = loss.withLogits();
        } else {
            dense(units, activation);
            this.loss = loss;
        }
        return this;
    }

    /** Batch normalisation with PyTorch's defaults (momentum 0.1, ε 1e-5); see {@link BatchNormSpec}. */
    public ModelBuilder batchNorm() {
        return layer(BatchNormSpec.defaults());
    }

    /** Batch normalisation with the given running-estimate momentum (in [0, 1]) and ε (> 0). */
    public ModelBuilder batchNorm(double momentum, double epsilon) {
        return layer(new BatchNormSpec(momentum, epsilon));
    }

    /** Layer normalisation with ε 1e-5; see {@link LayerNormSpec}. */
    public ModelBuilder layerNorm() {
        return layer(LayerNormSpec.defaults());
    }

    /** Layer normalisation with the given ε (> 0). */
    public ModelBuilder layerNorm(double epsilon) {
        return layer(new LayerNormSpec(epsilon));
    }

    /** Inverted dropout dropping each unit with probability {@code p} in [0, 1) during training; see {@link DropoutSpec}. */
    public ModelBuilder dropout(double p) {
        return layer(new DropoutSpec(p));
    }

    /** PReLU with a learned slope per unit, starting at 0.25; see {@link PReluSpec}. */
    public ModelBuilder prelu() {
        return layer(PReluSpec.defaults());
    }

    /** PReLU with every slope starting at {@code alphaInit}. */
    public ModelBuilder prelu(double alphaInit) {
        return layer(new PReluSpec(alphaInit));
    }

    /** Maxout to {@code units} outputs of {@code k ≥ 2} pieces each, W initialised Xavier-uniform; see {@link MaxoutSpec}. */
    public ModelBuilder maxout(int units, int k) {
        return maxout(units, k, MaxoutSpec.DEFAULT_INITIALIZER);
    }

    /** Maxout to {@code units} outputs of {@code k ≥ 2} pieces each, W initialised by {@code init}. */
    public ModelBuilder maxout(int units, int k, Initializer init) {
        return layer(new MaxoutSpec(units, k, init));
    }

    /**
     * A residual block {@code x + F(x)}, F written with the same builder methods:
     * <pre>{@code
     * .dense(32, Activation.relu())
     * .residual(f -> f.dense(32, Activation.relu()).dropout(0.1).dense(32, Activation.identity()))
     * .activation(Activation.relu())
     * }</pre>
     * F starts at the current width and must end at it; it cannot contain the output layer or a loss.
     *
     * @throws IllegalArgumentException when F changes the width, naming both widths
     */
    public ModelBuilder residual(Consumer<ModelBuilder> block) {
        ModelBuilder inner = new ModelBuilder(currentWidth());
        block.accept(inner);
        if (inner.loss != null) {
            throw new IllegalArgumentException("a residual block cannot contain the output layer or a loss: end the model after the block");
        }
        if (inner.layers.isEmpty()) {
            throw new IllegalArgumentException("a residual block needs at least one layer inside it");
        }
        return residual(inner.layers);
    }

    /** A residual block {@code x + F(x)} around {@code layers}; see {@link ResidualSpec}. */
    public ModelBuilder residual(List<LayerSpec> layers) {
        ResidualSpec block = new ResidualSpec(layers);
        block.outputWidth(currentWidth());
        return layer(block);
    }

    /** Features per sample after the layers added so far. */
    public int currentWidth() {
        int width = inputWidth;
        for (LayerSpec layer : layers) {
            width = layer.outputWidth(width);
        }
        return width;
    }

    /** The loss, when the last layer was added with {@link #layer}. */
    public ModelBuilder loss(Loss loss) {
        this.loss = loss;
        return this;
    }

    /** L1/L2 penalties on the weights (default none). */
    public ModelBuilder regularization(Regularization regularization) {
        this.regularization = regularization;
        return this;
    }

    public ModelSpec build() {
        if (loss == null) {
            throw new IllegalStateException("the model has no loss: end the builder with output(units, activation, loss) or loss(...)");
        }
        requireProbabilities();
        return new ModelSpec(inputWidth, layers, loss, regularization);
    }

    /**
     * A cross-entropy on probabilities needs a last layer that makes them (softmax, or sigmoid for the binary form);
     * after a linear output it would take logits for probabilities and give a NaN loss at the first step.
     */
    private void requireProbabilities() {
        LossKind kind = loss.kind();
        boolean categorical = kind == LossKind.CATEGORICAL_CROSS_ENTROPY || kind == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
        if (loss.spec().fromLogits() || !(categorical || kind == LossKind.BINARY_CROSS_ENTROPY)) {
            return;
        }
        LayerSpec last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
        ActivationKind need = categorical ? ActivationKind.SOFTMAX : ActivationKind.SIGMOID;
        boolean ok = last instanceof ActivationSpec a && (a.activation().kind() == need
                || (!categorical && a.activation().kind() == ActivationKind.SOFTMAX));
        if (!ok) {
            String name = need.name().toLowerCase(java.util.Locale.ROOT);
            throw new IllegalArgumentException("loss " + loss + " takes probabilities, but the network ends in "
                    + (last == null ? "no layer" : last.describe()) + ", which gives unbounded values (logits): add a " + name
                    + " output, output(units, Activation." + name + "(), " + "loss), or use the loss on logits ("
                    + loss.withLogits() + ", e.g. Loss." + (categorical ? (kind == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY ? "sparseCategoricalCrossEntropyWithLogits()"
                    : "categoricalCrossEntropyWithLogits()") : "binaryCrossEntropyWithLogits()") + ")");
        }
    }
}
