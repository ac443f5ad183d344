package dev.myelin.backend;

/**
 * The compute interface: everything layers, losses, optimisers and the trainer ask of a device.
 *
 * <p>All tensors are row-major matrices {@code [rows, cols]} of the backend's {@link #dtype()}.
 * Every operation maps to one BLAS call or one kernel launch on a device backend. Scalars that
 * are results (loss sums, counts, norms) are written into 1-element tensors so that a device
 * backend need not copy them to the host until someone asks. Host values cross the boundary
 * as {@code double[]} only through {@link #upload}, {@link #download} and {@link #readScalar}.
 *
 * <p>Shape errors throw {@link IllegalArgumentException} naming the operation and the shapes.
 * A backend is used by one thread at a time unless its documentation says otherwise.
 */
public interface Backend extends AutoCloseable {

    /** Short name, e.g. {@code cpu-f64}. */
    String name();

    /** Element type of every tensor of this backend. */
    DType dtype();

    /** One line for logs: device, precision, threads. */
    String description();

    // ---------------------------------------------------------------- memory

    /** A new zero-filled tensor {@code [rows, cols]} owning its storage. */
    Tensor allocate(int rows, int cols);

    /**
     * A view {@code [rows, cols]} of {@code rows·cols} consecutive elements of {@code base},
     * starting {@code offset} elements after {@code base}'s first element.
     */
    Tensor view(Tensor base, long offset, int rows, int cols);

    /** Called by {@link Tensor#close()} of an owning tensor; frees or pools its storage. */
    void release(Tensor tensor);

    /** Copies {@code dst.size()} values from {@code src[srcOffset...]} into {@code dst}, converting to the dtype. */
    void upload(double[] src, int srcOffset, Tensor dst);

    /** Copies all of {@code src} into {@code dst[dstOffset...]} as doubles. */
    void download(Tensor src, double[] dst, int dstOffset);

    /** Reads element {@code index} (row-major) of {@code t}. Costs a device round trip on a device backend. */
    double readScalar(Tensor t, int index);

    /** Sets every element of {@code t} to {@code value}. */
    void fill(Tensor t, double value);

    /** {@code dst = src}; same shape. */
    void copy(Tensor src, Tensor dst);

    /** {@code dst[i, :] = src[rowIndex[from + i], :]} for {@code i < dst.rows()}. */
    void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst);

    // ---------------------------------------------------------------- BLAS-like

    /**
     * {@code C = α·op(A)·op(B) + β·C} on row-major matrices, where {@code op(X)} is {@code X} or
     * {@code Xᵀ}. With β = 0, C is overwritten (NaN in C does not propagate).
     */
    void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c);

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

    // ---------------------------------------------------------------- activations

    /** {@code out = f(z)}; {@code alpha} is the activation's parameter where it has one. Same shapes. */
    void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out);

    /**
     * {@code gradZ = ∂L/∂z} from {@code gradOut = ∂L/∂f(z)}, given {@code z} and {@code out = f(z)}.
     * For softmax, row-wise {@code gradZ = out ⊙ (gradOut − Σ_j gradOut_j·out_j)}.
     */
    void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ);

    // ---------------------------------------------------------------- losses and metrics

    /**
     * {@code lossSum[0] += Σ_samples ℓ(output[i, :], target[i, :])}, the per-sample loss of
     * {@link dev.myelin.loss.Loss}. {@code target} is {@code [batch, outputs]}, or {@code [batch, 1]}
     * of class indices for the sparse loss.
     */
    void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum);

    /** {@code grad = scale · ∂ℓ/∂output} per sample (scale is 1/batch for a mean over the batch). */
    void lossBackward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad);

    /**
     * {@code counter[0] += number of rows whose prediction is right}: arg-max of the row equals the
     * class index in {@code target} ({@code [batch, 1]}) or, for one-hot targets, the arg-max of the
     * target row; with one output column, {@code output > threshold} equals {@code target > 0.5}.
     */
    void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter);

    /** {@code predicted[i, 0] = argmax_j output[i, j]} as a class index. */
    void argmaxRows(Tensor output, Tensor predicted);

    // ---------------------------------------------------------------- optimisers

    /**
     * One fused SGD step over flat buffers of equal size: optional coupled L2
     * ({@code g' = s·g + decay·w}, where {@code s} is {@code gradScale[0]} or 1 when null),
     * then the update of {@code form}. {@code velocity} may be null for {@link MomentumForm#NONE}.
     */
    void sgdStep(MomentumForm form, double learningRate, double momentum, double weightDecay,
                 Tensor params, Tensor grads, Tensor velocity, Tensor gradScale);

    /** Frees everything this backend holds; tensors of it must not be used afterwards. */
    @Override
    void close();
}
