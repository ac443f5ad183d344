package dev.myelin.cli;

import dev.myelin.model.ModelBuilder;
import dev.myelin.nn.Activation;
import dev.myelin.nn.DenseSpec;
import dev.myelin.util.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of {@code --hidden}: hidden layers written as {@code 128:relu,64:tanh,32:leaky_relu:0.2} (items of
 * {@link OptionSpec#list}: units, then the activation as {@link Activation#parse} reads it; relu when left out);
 * {@code none} means no hidden layer. Immutable.
 *
 * @param text   the value as written, for messages
 * @param layers the layers from the input side on; empty for {@code none}
 */
record HiddenLayers(String text, List<HiddenLayers.Layer> layers) {

    /** One hidden layer: a dense layer of {@code units} followed by {@code activation}. */
    record Layer(int units, Activation activation) {
    }

    HiddenLayers {
        layers = List.copyOf(layers);
    }

    /**
     * The layers {@code text} describes, for the option named {@code option}; an empty text, an empty item, an item that
     * does not start with a width, a width below 1 or a bad activation is an {@link IllegalArgumentException} naming the
     * option.
     */
    static HiddenLayers parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + " is empty: give hidden layers as width:activation, e.g. 128:relu,64:relu,"
                    + " or 'none' for a network without hidden layers");
        }
        List<Layer> layers = new ArrayList<>();
        if (text.trim().equals("none")) {
            return new HiddenLayers(text, layers);
        }
        for (OptionSpec layer : OptionSpec.list(option, text, "layer")) {
            int units;
            try {
                units = Integer.parseInt(layer.name());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": hidden layer '" + layer.text() + "' must start with its width, e.g. 64:relu", e);
            }
            if (units < 1) {
                throw new IllegalArgumentException(option + ": hidden layer '" + layer.text() + "' needs a width >= 1, got " + units);
            }
            layers.add(new Layer(units, layer.positional().isEmpty() ? Activation.relu() : Activation.parse(String.join(":", layer.positional()))));
        }
        return new HiddenLayers(text, layers);
    }

    /** Whether there is no hidden layer ({@code none}). */
    boolean isEmpty() {
        return layers.isEmpty();
    }

    /**
     * Adds the layers to {@code builder}, with batch norm between each dense layer and its activation and dropout with
     * probability {@code dropout} after each activation (0: none; the caller has checked it is in [0, 1)).
     */
    ModelBuilder addTo(ModelBuilder builder, boolean batchNorm, double dropout) {
        for (Layer layer : layers) {
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

    /** The converter of {@code --hidden}. */
    static final class Converter extends OptionLanguage<HiddenLayers> {
        Converter() {
            super(text -> parse("--hidden", text));
        }
    }
}
