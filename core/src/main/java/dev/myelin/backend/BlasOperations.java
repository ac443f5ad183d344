package dev.myelin.backend;

/**
 * BLAS-like algebra and reductions: GEMM, the bias add and its gradient (column sums), axpy, scaling, and
 * reductions into a 1-element tensor (sum of squares, sum of absolute values, the count of non-finite values), kept
 * on the device until someone reads them.
 *
 * <p>Part of {@link Backend}: all tensors are row-major {@code [rows, cols]} of the backend's {@link Backend#dtype()},
 * activations are {@code [batch, features]}, per-feature vectors {@code [1, features]}. Each operation is validated
 * once, with the same messages on every backend ({@link IllegalArgumentException} naming the operation and the
 * shapes, {@link IllegalStateException} for a closed backend or tensor), then runs as one BLAS call or kernel launch.
 * Not thread-safe unless the backend says so: one thread at a time.
 */
public interface BlasOperations {

    // ---------------------------------------------------------------- BLAS-like

    /**
     * {@code C = α·op(A)·op(B) + β·C} on row-major matrices, where {@code op(X)} is {@code X} or
     * {@code Xᵀ}. With β = 0, C is overwritten (NaN in C does not propagate).
     */
    void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c);

    /**
     * {@link #gemm} with each row of C summed the same way whatever the number of rows in the call: a row's bits
     * depend only on its row of {@code op(A)}, on {@code op(B)} and on β·C's row, never on the other rows or on how
     * many there are. Inference runs its products through it, so a prediction does not depend on the batch it is in.
     * The default is {@link #gemm}, for backends whose GEMM already has that property; a backend whose fastest GEMM
     * does not (OpenBLAS picks its kernels by the row count) overrides it with one that does.
     */
    default void gemmBatchInvariant(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        gemm(transA, transB, alpha, a, b, beta, c);
    }

    /** {@code m[i, :] += row[0, :]} for every row i (bias add). {@code row} is {@code [1, m.cols()]}. */
    void addRowVector(Tensor m, Tensor row);

    /** {@code out = β·out + Σ_i m[i, :]} (bias gradient). {@code out} is {@code [1, m.cols()]}. */
    void columnSums(Tensor m, double beta, Tensor out);

    /** {@code y = α·x + y}; same size (shapes may differ). */
    void axpy(double alpha, Tensor x, Tensor y);

    /** {@code x = α·x}. */
    void scale(Tensor x, double alpha);

    /** {@code out[0] = Σ x²} over all elements (for norms). {@code out} has at least one element. */
    void sumOfSquares(Tensor x, Tensor out);

    /** {@code out[0] = Σ |x|} over all elements. */
    void sumOfAbs(Tensor x, Tensor out);

    /** {@code y += λ·sign(x)} element-wise (L1 gradient; sign(0) = 0). Same size. */
    void addSign(double lambda, Tensor x, Tensor y);

    /** {@code out[0] = number of elements of x that are NaN or infinite}. */
    void countNonFinite(Tensor x, Tensor out);

}
