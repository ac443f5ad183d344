package dev.myelin.backend;

/**
 * Activations forward and backward: element-wise kinds ({@code z, out [batch, features]}, same shape) and the
 * row-wise softmax. {@code alpha} is the kind's parameter (leaky ReLU slope, ELU α, …) and ignored by kinds without.
 *
 * <p>Part of {@link Backend}: all tensors are row-major {@code [rows, cols]} of the backend's {@link Backend#dtype()},
 * activations are {@code [batch, features]}, per-feature vectors {@code [1, features]}. Each operation is validated
 * once, with the same messages on every backend ({@link IllegalArgumentException} naming the operation and the
 * shapes, {@link IllegalStateException} for a closed backend or tensor), then runs as one BLAS call or kernel launch.
 * Not thread-safe unless the backend says so: one thread at a time.
 */
public interface ActivationOperations {

    // ---------------------------------------------------------------- activations

    /** {@code out = f(z)}; {@code alpha} is the activation's parameter where it has one. Same shapes. */
    void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out);

    /**
     * {@code gradZ = ∂L/∂z} from {@code gradOut = ∂L/∂f(z)}, given {@code z} and {@code out = f(z)}.
     * For softmax, row-wise {@code gradZ = out ⊙ (gradOut − Σ_j gradOut_j·out_j)}.
     */
    void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ);

}
