package dev.myelin.nn;

/**
 * A layer spec whose output is as wide as its input: activations, normalisations, dropout, PReLU.
 *
 * <p>The bundled implementations are immutable records and thread-safe.
 */
public interface SameWidthSpec extends LayerSpec {

    /** {@code inputWidth}: the layer keeps the width. */
    @Override
    default int outputWidth(int inputWidth) {
        return inputWidth;
    }
}
