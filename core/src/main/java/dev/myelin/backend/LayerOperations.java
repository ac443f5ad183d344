package dev.myelin.backend;

/**
 * Operations of the other layers: the element-wise product, inverted-dropout masks, PReLU with a learned slope
 * per feature and maxout over groups of k columns.
 *
 * <p>Part of {@link Backend}: all tensors are row-major {@code [rows, cols]} of the backend's {@link Backend#dtype()},
 * activations are {@code [batch, features]}, per-feature vectors {@code [1, features]}. Each operation is validated
 * once, with the same messages on every backend ({@link IllegalArgumentException} naming the operation and the
 * shapes, {@link IllegalStateException} for a closed backend or tensor), then runs as one BLAS call or kernel launch.
 * Not thread-safe unless the backend says so: one thread at a time.
 */
public interface LayerOperations {

    /** {@code out = a ⊙ b} element-wise; same sizes. */
    void multiply(Tensor a, Tensor b, Tensor out);

    /**
     * Inverted-dropout mask: {@code mask[e] = u ≥ p ? 1/(1−p) : 0} for every row-major element e, where u is
     * {@link dev.myelin.random.DropoutStream#uniform(long, long, int, long) DropoutStream.uniform(seed, step, layer, e)}.
     */
    void dropoutMask(long seed, long step, int layer, double p, Tensor mask);

    /** PReLU with one learned α per feature ({@code alpha [1, features]}): {@code out = max(0, z) + α_j·min(0, z)}. */
    void preluForward(Tensor z, Tensor alpha, Tensor out);

    /** PReLU gradients: {@code gradZ}, and {@code gradAlpha[j] = Σ_i gradOut[i, j]·min(0, z[i, j])} (overwritten). */
    void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha);

    /**
     * Maxout over groups of k consecutive columns: {@code out[i, u] = max_{0≤r<k} z[i, u·k + r]} for
     * {@code z [n, units·k]}, {@code out [n, units]}; the {@link DType#INT32} tensor {@code argmax [n, units]}
     * records r (first maximum).
     */
    void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax);

    /** Maxout gradient: {@code gradZ[i, u·k + r] = gradOut[i, u]} where r is the recorded arg-max, else 0. */
    void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ);
}
