package dev.myelin.model;

import dev.myelin.loss.Loss;
import dev.myelin.nn.Activation;
import dev.myelin.nn.ActivationSpec;
import dev.myelin.nn.DenseSpec;
import dev.myelin.nn.Initializer;
import dev.myelin.nn.LayerSpec;
import dev.myelin.regularization.Regularization;

import java.util.ArrayList;
import java.util.List;

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
        return new ModelSpec(inputWidth, layers, loss, regularization);
    }
}
