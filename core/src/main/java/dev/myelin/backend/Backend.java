package dev.myelin.backend;

/**
 * The compute interface: everything layers, losses, optimisers and the trainer ask of a device.
 *
 * <p>All tensors are row-major matrices {@code [rows, cols]} of the backend's {@link #dtype()}.
 * Every operation maps to one BLAS call or one kernel launch on a device backend. Scalars that
 * are results (loss sums, counts, norms) are written into 1-element tensors so that a device
 * backend need not copy them to the host until someone asks. Host values cross the boundary
 * as {@code double[]} only through {@link DeviceMemory}.
 *
 * <p>The operations come in groups, one interface each: {@link DeviceMemory}, {@link BlasOperations},
 * {@link ActivationOperations}, {@link LossOperations}, {@link OptimiserOperations}, {@link NormalisationOperations},
 * {@link LayerOperations} and {@link TrainingOperations}. Each operation is validated once, by the shared validators of
 * {@code dev.myelin.backend.spi}, so every backend accepts and refuses the same calls with the same messages: shape
 * errors throw {@link IllegalArgumentException} naming the operation and the shapes. A backend is used by one thread
 * at a time unless its documentation says otherwise.
 */
public interface Backend extends DeviceMemory, BlasOperations, ActivationOperations, LossOperations, OptimiserOperations,
        NormalisationOperations, LayerOperations, TrainingOperations, AutoCloseable {

    /** Short name, e.g. {@code cpu-f64}. */
    String name();

    /** Element type of every tensor of this backend. */
    DType dtype();

    /** One line for logs: device, precision, threads. */
    String description();

    /**
     * Whether tensors live in host memory (the CPU backend), so that reading a scalar back or uploading a batch
     * costs no more than a memory copy. Default false: a device backend, whose host round trips the trainer
     * keeps out of the training step (device-resident data set, loss read back at intervals).
     */
    default boolean usesHostMemory() {
        return false;
    }

    /** Free device memory in bytes, for deciding whether a data set fits on the device; unbounded by default. */
    default long freeMemoryBytes() {
        return Long.MAX_VALUE;
    }

    /**
     * A dense layer's bias and activation, an operation of two groups: {@code z[i, :] += bias[0, :]} for every row i,
     * then {@code out = f(z)}. {@code bias} is {@code [1, z.cols()]}, {@code out} has z's shape. The bits are those of
     * {@link #addRowVector} followed by {@link #activationForward}; the default is exactly that, a backend may do
     * both in one pass over z.
     */
    default void addRowVectorActivation(ActivationKind kind, double alpha, Tensor z, Tensor bias, Tensor out) {
        addRowVector(z, bias);
        activationForward(kind, alpha, z, out);
    }

    /**
     * A dense layer's activation and bias gradient: {@link #activationBackward} into {@code gradZ}, then
     * {@code biasGradient = Σ_i gradZ[i, :]} ({@link #columnSums} with β = 0; {@code biasGradient} is
     * {@code [1, z.cols()]}). The bits are those of the two calls; the default is exactly that, a backend may do
     * both in one pass.
     */
    default void activationBackwardColumnSums(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut,
                                              Tensor gradZ, Tensor biasGradient) {
        activationBackward(kind, alpha, z, out, gradOut, gradZ);
        columnSums(gradZ, 0.0, biasGradient);
    }

    /** Frees everything this backend holds; tensors of it must not be used afterwards. */
    @Override
    void close();
}
