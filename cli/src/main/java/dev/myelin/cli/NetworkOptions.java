package dev.myelin.cli;

import dev.myelin.backend.LossKind;
import dev.myelin.loss.Loss;
import dev.myelin.model.ModelBuilder;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The network of the commands that build one from the command line, {@code train} and {@code gradcheck}
 * ({@code @Mixin}): the hidden layers ({@code --hidden}, {@link HiddenLayers}) and the loss ({@code --loss}), with the
 * output activation that goes with the loss. Both are read when the command line is parsed; each command fills in its
 * own defaults for the options left out.
 */
final class NetworkOptions {

    @Option(names = "--hidden", converter = HiddenLayers.Converter.class,
            description = "Hidden layers as width:activation, comma separated, or none (default: train 128:relu,64:relu, linear: none;"
            + " gradcheck 8:tanh,7:relu,5:sigmoid).")
    HiddenLayers hidden;

    @Option(names = "--loss", converter = LossConverter.class,
            description = "Loss: mse, mae, huber[:δ], bce, bce_logits, cce, cce_logits, sparse_cce, sparse_cce_logits, the"
            + " categorical ones with ,smoothing=ε (default: sparse_cce for classes, mse for regression).")
    Loss loss;

    /** The converter of {@code --loss}: {@code huber:2}, {@code cce,smoothing=0.1}. */
    static final class LossConverter extends OptionLanguage<Loss> {
        LossConverter() {
            super(Loss::parse);
        }
    }

    /** Takes {@code defaultHidden} for {@code --hidden} when it was left out. */
    void defaultHidden(HiddenLayers defaultHidden) {
        hidden = hidden != null ? hidden : defaultHidden;
    }

    /** The hidden layers (after {@link #defaultHidden}). */
    List<HiddenLayers.Layer> hiddenLayers() {
        return hidden.layers();
    }

    /** The loss of {@code --loss}, or {@code otherwise} when it was left out. */
    Loss loss(Loss otherwise) {
        return loss == null ? otherwise : loss;
    }

    /**
     * A builder holding the input of {@code inputs} features and the hidden layers, with batch norm between each dense layer
     * and its activation and dropout with probability {@code dropout} (0: none) after each activation.
     */
    ModelBuilder hiddenPart(int inputs, boolean batchNorm, double dropout) {
        return hidden.addTo(ModelSpec.builder(inputs), batchNorm, dropout);
    }

    /** The output activation that goes with {@code loss}: sigmoid for the binary cross-entropy, softmax for the categorical ones, else identity. */
    static Activation outputActivation(Loss loss) {
        if (loss.kind() == LossKind.BINARY_CROSS_ENTROPY) {
            return Activation.sigmoid();
        }
        return loss.isClassification() ? Activation.softmax() : Activation.identity();
    }
}
