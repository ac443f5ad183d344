package dev.myelin.model;

import dev.myelin.nn.ParameterBlock;

/**
 * Where one parameter of a model lives in its flat parameter buffer.
 *
 * <p>Immutable; thread-safe.
 *
 * @param name   the parameter's name in the layer tree, {@code layer<i>.<name in the layer>}: {@code layer3.W}, and
 *               inside a residual block {@code layer3.0.W}
 * @param block  its shape, name within its layer and whether L1/L2 apply
 * @param offset first element in the flat buffer
 */
public record ParameterSlot(String name, ParameterBlock block, int offset) {
}
