package dev.myelin.examples.cli;

import dev.myelin.model.ModelBuilder;
import dev.myelin.nn.Activation;
import dev.myelin.nn.DenseSpec;

/** Parses hidden layers written as {@code 128:relu,64:tanh} (units, then activation) into a builder. */
final class NetworkOption {

    private NetworkOption() {
    }

    static ModelBuilder addHidden(ModelBuilder builder, String hidden) {
        return addHidden(builder, hidden, false, 0);
    }

    /**
     * As {@link #addHidden(ModelBuilder, String)}, with batch norm between each dense layer and its activation and
     * dropout with probability {@code dropout} after each activation (0: none).
     */
    static ModelBuilder addHidden(ModelBuilder builder, String hidden, boolean batchNorm, double dropout) {
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
            Activation activation = parts.length == 2 ? Activation.parse(parts[1]) : Activation.relu();
            if (batchNorm) {
                builder.layer(new DenseSpec(units, activation.recommendedInitializer(), 0.0)).batchNorm().activation(activation);
            } else {
                builder.dense(units, activation);
            }
            if (dropout > 0) {
                builder.dropout(dropout);
            }
        }
        return builder;
    }
}
