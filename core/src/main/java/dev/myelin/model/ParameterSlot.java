package dev.myelin.model;

import dev.myelin.nn.ParameterBlock;

/**
 * Where one parameter block of one layer lives in the model's flat parameter buffer.
 *
 * <p>Immutable; thread-safe.
 *
 * @param layerIndex index of the layer in the model
 * @param block      the block
 * @param offset     first element in the flat buffer
 */
public record ParameterSlot(int layerIndex, ParameterBlock block, int offset) {

    /** {@code layer3.W} style name for reports. */
    public String name() {
        return "layer" + layerIndex + "." + block.name();
    }
}
