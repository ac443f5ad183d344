package dev.myelin.nn;

/**
 * One named parameter matrix of a layer, e.g. a dense layer's {@code W [in, out]} or {@code b [1, out]}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name        short name, unique within the layer ({@code W}, {@code b}, {@code gamma} …)
 * @param rows        rows of the matrix
 * @param cols        columns of the matrix
 * @param regularized whether L1/L2 penalties apply (weights yes, biases and normalisation scales no)
 */
public record ParameterBlock(String name, int rows, int cols, boolean regularized) {

    /** Number of elements. */
    public int size() {
        return rows * cols;
    }
}
