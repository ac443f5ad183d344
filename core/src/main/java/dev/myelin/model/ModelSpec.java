package dev.myelin.model;

import dev.myelin.loss.Loss;
import dev.myelin.nn.LayerSpec;
import dev.myelin.regularization.Regularization;

import java.util.List;

/**
 * A network as configuration: input width, layers in order, and the loss it is trained with.
 * Backend-independent; {@link Model#create} makes it run.
 *
 * @param inputWidth features per sample
 * @param layers     the layers, first to last
 * @param loss           the training loss (for logit losses, predictions apply {@link Loss#outputActivation()})
 * @param regularization L1/L2 penalties added to the loss (default none)
 */
public record ModelSpec(int inputWidth, List<LayerSpec> layers, Loss loss, Regularization regularization) {

    public ModelSpec {
        if (inputWidth < 1) {
            throw new IllegalArgumentException("input width must be at least 1, got " + inputWidth);
        }
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        if (loss == null) {
            throw new IllegalArgumentException("a model needs a loss");
        }
        if (regularization == null) {
            regularization = Regularization.none();
        }
        layers = List.copyOf(layers);
    }

    /** Starts a network taking {@code inputWidth} features per sample. */
    public static ModelBuilder builder(int inputWidth) {
        return new ModelBuilder(inputWidth);
    }

    /** Features per sample of the output. */
    public int outputWidth() {
        int width = inputWidth;
        for (LayerSpec layer : layers) {
            width = layer.outputWidth(width);
        }
        return width;
    }

    /** One line per layer, then the loss. */
    public String describe() {
        StringBuilder sb = new StringBuilder("input:" + inputWidth);
        layers.forEach(l -> sb.append(" | ").append(l.describe()));
        sb.append(" | loss:").append(loss);
        if (regularization.active()) {
            sb.append(" | regularization:").append(regularization);
        }
        return sb.toString();
    }
}
