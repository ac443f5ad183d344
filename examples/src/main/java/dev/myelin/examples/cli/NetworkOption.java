package dev.myelin.examples.cli;

import dev.myelin.model.ModelBuilder;
import dev.myelin.nn.Activation;

/** Parses hidden layers written as {@code 128:relu,64:tanh} (units, then activation) into a builder. */
final class NetworkOption {

    private NetworkOption() {
    }

    static ModelBuilder addHidden(ModelBuilder builder, String hidden) {
        if (hidden == null || hidden.isBlank() || hidden.equals("none")) {
            return builder;
        }
        for (String layer : hidden.split(",")) {
            String[] parts = layer.trim().split(":", 2);
            int units;
            try {
                units = Integer.parseInt(parts[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hidden layer '" + layer + "' must start with its width, e.g. 64:relu", e);
            }
            builder.dense(units, parts.length == 2 ? Activation.parse(parts[1]) : Activation.relu());
        }
        return builder;
    }
}
