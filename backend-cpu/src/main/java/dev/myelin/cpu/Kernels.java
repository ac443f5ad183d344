package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;

/**
 * The per-precision bodies of {@link CpuBackend}'s operations, chosen once when the backend opens: {@link Kernels64}
 * (float64, the oracle) or {@link Kernels32} (float32, computed in float arithmetic), both generated from one template.
 * Tensors reach these methods already checked by the backend (live, of this backend, shapes as the operation needs);
 * indices are element indices of a tensor (its offset is added here). Sums over many elements (column sums, norms,
 * loss totals) accumulate in double in a fixed order in both precisions, so results do not depend on the thread count.
 *
 * <p>Not thread-safe: one call at a time (the owning backend is used by one thread at a time).
 */
interface Kernels {
    /** The kernels of {@code dtype}, running over {@code pool}; {@code fma}: the pure-Java GEMM fuses multiply-adds. */
    static Kernels open(DType dtype, WorkerPool pool, boolean fma) {
        return dtype == DType.FLOAT64 ? new Kernels64(pool, fma) : new Kernels32(pool, fma);
    }

    /** New zeroed storage of {@code size} elements (an {@link F64Storage} or {@link F32Storage}). */
    Object allocate(int size);

    /** Whether the owning tensor of {@code storage} was closed. */
    boolean released(Object storage);

    /** Marks {@code storage} released; returns the bytes it held, or 0 when it already was. */
    long release(Object storage);

    void upload(double[] src, int srcOffset, Tensor dst);

    void upload(float[] src, int srcOffset, Tensor dst);

    void download(Tensor src, double[] dst, int dstOffset);

    double get(Tensor t, int index);

    void set(Tensor t, int index, double value);

    void fill(Tensor t, double value);

    /** Copies {@code n} elements from element {@code from} of {@code src} to element {@code to} of {@code dst} (may overlap). */
    void copy(Tensor src, int from, Tensor dst, int to, int n);

    /** The pure-Java GEMM {@code C[m, n] = α·op(A)·op(B) + β·C}; C does not overlap A or B. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, Tensor b, double beta, Tensor c);

    void addRowVector(Tensor m, Tensor row);

    void columnSums(Tensor m, double beta, Tensor out);

    void axpy(double alpha, Tensor x, Tensor y);

    void scale(Tensor x, double alpha);

    double sumOfSquares(Tensor x);

    double sumOfAbs(Tensor x);

    void addSign(double lambda, Tensor x, Tensor y);

    long countNonFinite(Tensor x);

    void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out);

    void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ);

    /** {@link #addRowVector} of {@code bias} into z, then {@link #activationForward} (not softmax), in one pass. */
    void addRowVectorActivation(ActivationKind kind, double alpha, Tensor z, Tensor bias, Tensor out);

    /** {@link #activationBackward} (not softmax), then {@link #columnSums} of gradZ with β = 0, in one pass. */
    void activationBackwardColumnSums(ActivationKind kind, double alpha, Tensor z, Tensor gradOut, Tensor gradZ, Tensor biasGradient);

    /** Σ over rows of the loss of each row. */
    double loss(LossSpec loss, Tensor output, Tensor target);

    void lossGradient(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad);

    /** Rows of {@code output} whose prediction matches {@code target} (shapes checked by the caller). */
    long countCorrect(Tensor output, Tensor target, double threshold);

    void argmaxRows(Tensor output, Tensor predicted);

    /** The fused optimiser step of this precision (set its fields, then run it). */
    FlatUpdate update();

    /** Batch and layer norm, PReLU, maxout, dropout masks, products, clamping and the clip scale in this precision. */
    LayerKernels layers();
}
