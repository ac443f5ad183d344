package dev.myelin.model;

import dev.myelin.loss.Loss;
import dev.myelin.nn.LayerSpec;
import dev.myelin.regularization.Regularization;

import dev.myelin.util.ArgumentChecks;
import java.util.List;

/**
 * A network as configuration: input width, layers in order, and the loss it is trained with.
 * Backend-independent; {@link Model#create} makes it run.
 *
 * <p>Immutable (the layer list is copied, layer specs are immutable records); thread-safe.
 *
 * @param inputWidth features per sample
 * @param layers     the layers, first to last
 * @param loss           the training loss (for logit losses, predictions apply {@link Loss#outputActivation()})
 * @param regularization L1/L2 penalties added to the loss (default none)
 */
public record ModelSpec(int inputWidth, List<LayerSpec> layers, Loss loss, Regularization regularization) {

    public ModelSpec {
        ArgumentChecks.atLeast("input width", inputWidth, 1);
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

    /**
     * Most parameters a model may have: they live in one flat buffer {@code [1, P]} whose size is a Java
     * {@code int} (and on the CPU one {@code double[]}), so at most the largest array length.
     */
    public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

    /** Trainable parameters of the whole network, counted in {@code long} (see {@link LayerSpec#parameterCount}). */
    public long parameterCount() {
        return LayerSpec.parameterCount(layers, inputWidth);
    }

    /**
     * Throws unless {@link #parameterCount()} is at most {@link #MAX_PARAMETERS}.
     *
     * @throws IllegalArgumentException "model too large: N parameters (limit …)", with the widest layer to shrink
     */
    public void checkSize() {
        long count = parameterCount();
        if (count > MAX_PARAMETERS) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "model too large: %,d parameters (limit %,d, the largest flat buffer a Java array can hold); use narrower layers", count,
                    MAX_PARAMETERS));
        }
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
