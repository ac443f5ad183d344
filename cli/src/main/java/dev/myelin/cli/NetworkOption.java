package dev.myelin.cli;

import dev.myelin.model.ModelBuilder;
import dev.myelin.nn.Activation;
import dev.myelin.nn.DenseSpec;
import dev.myelin.util.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads hidden layers written as {@code 128:relu,64:tanh,32:leaky_relu:0.2} (items of {@link OptionSpec#list}: units, then the activation
 * as {@link Activation#parse} reads it; relu when left out) into a builder;
 * {@code none} means no hidden layer. An empty text, an empty item or a width below 1 is an error naming the option.
 */
final class NetworkOption {

    /** One hidden layer: a dense layer of {@code units} followed by {@code activation}. */
    record HiddenLayer(int units, Activation activation) {
    }

    private NetworkOption() {
    }

    /** The layers {@code hidden} describes, for the option named {@code option} (for messages). */
    static List<HiddenLayer> parse(String option, String hidden) {
        if (hidden == null || hidden.isBlank()) {
            throw new IllegalArgumentException(option + " is empty: give hidden layers as width:activation, e.g. 128:relu,64:relu,"
                    + " or 'none' for a network without hidden layers");
        }
        List<HiddenLayer> layers = new ArrayList<>();
        if (hidden.trim().equals("none")) {
            return layers;
        }
        for (OptionSpec layer : OptionSpec.list(option, hidden, "layer")) {
            int units;
            try {
                units = Integer.parseInt(layer.name());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": hidden layer '" + layer.text() + "' must start with its width, e.g. 64:relu", e);
            }
            if (units < 1) {
                throw new IllegalArgumentException(option + ": hidden layer '" + layer.text() + "' needs a width >= 1, got " + units);
            }
            layers.add(new HiddenLayer(units, layer.positional().isEmpty() ? Activation.relu() : Activation.parse(String.join(":", layer.positional()))));
        }
        return layers;
    }

    /**
     * Adds {@code layers} to {@code builder}, with batch norm between each dense layer and its activation and dropout with
     * probability {@code dropout} after each activation (0: none; the caller has checked it is in [0, 1)).
     */
    static ModelBuilder addHidden(ModelBuilder builder, List<HiddenLayer> layers, boolean batchNorm, double dropout) {
        for (HiddenLayer layer : layers) {
            if (batchNorm) {
                builder.layer(new DenseSpec(layer.units(), layer.activation().recommendedInitializer(), 0.0)).batchNorm().activation(layer.activation());
            } else {
                builder.dense(layer.units(), layer.activation());
            }
            if (dropout > 0) {
                builder.dropout(dropout);
            }
        }
        return builder;
    }
}
