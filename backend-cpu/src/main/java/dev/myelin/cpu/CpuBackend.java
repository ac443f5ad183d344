package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.SgdSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.ActivationChecks;
import dev.myelin.backend.spi.BlasChecks;
import dev.myelin.backend.spi.LayerChecks;
import dev.myelin.backend.spi.LossChecks;
import dev.myelin.backend.spi.MemoryChecks;
import dev.myelin.backend.spi.Operands;
import dev.myelin.backend.spi.OptimiserChecks;
import dev.myelin.backend.spi.StorageOwner;
import dev.myelin.backend.spi.Tensors;
import dev.myelin.backend.spi.TrainingChecks;

import java.util.Arrays;

/**
 * The CPU backend: float64 (the numerical oracle every other backend is compared with) or float32.
 *
 * <p>Storage is one off-heap buffer ({@link java.nio.DoubleBuffer} or {@link java.nio.FloatBuffer}, native byte
 * order) per owning tensor, and an {@code int[]} per INT32 tensor ({@link #allocateInt32}); views share it at an
 * element offset. GEMM runs in OpenBLAS through JavaCPP on
 * those buffers where they are ({@link CpuGemm}: by default when its natives load), else in the pure-Java
 * cache-blocked kernel on a persistent pool of {@link BackendOptions#resolvedThreads()} threads (the caller's
 * included), whose results are bit-identical for every thread count (on one machine: where the JVM has
 * hardware FMA it uses fused multiply-adds, see {@code -Dmyelin.cpu.fma}). OpenBLAS runs on the same number
 * of threads, fixed per call, so one thread count gives the same bits every run; it runs the training products,
 * and {@link #gemmBatchInvariant} (inference) runs the pure-Java kernel. The precision is chosen once,
 * when the backend opens: every operation runs the {@link Kernels} of that precision ({@link Kernels64} or
 * {@link Kernels32}, generated from one template), which compute float32 tensors in float arithmetic and
 * accumulate sums over many elements (norms, column sums, loss totals, normalisation statistics) in double.
 * The fused optimiser steps, element-wise activations, softmax, losses, the bias add, column sums, batch and
 * layer norm, PReLU, maxout forward, dropout masks and products run over the worker pool, in ranges that give
 * the same bits for every thread count. Nothing is allocated per call once scratch buffers have grown to the
 * problem size. {@link #description()} says which GEMM runs.
 *
 * <p>Like every {@link Backend}, an instance is used by one thread at a time.
 */
public final class CpuBackend implements Backend, StorageOwner {
    private final DType dtype;
    /** "cpu-f64" or "cpu-f32". */
    private final String name;
    private final WorkerPool pool;
    private final boolean fma;
    /** The bodies of the operations, in this backend's precision. */
    private final Kernels kernels;
    private final FlatUpdate update;
    private final LayerKernels layers;
    private final TrainingKernels training;
    /** OpenBLAS, or null when the pure-Java GEMM runs. */
    private final NativeGemm nativeGemm;
    /** Why OpenBLAS did not load when it was wanted by default, else null. */
    private final String nativeMissing;
    private boolean closed;
    /** The shared liveness check of this backend's operands. */
    private final Operands operands;
    private long liveTensors;
    private long liveBytes;

    /**
     * Opens a CPU backend.
     *
     * @param dtype   element type of every tensor
     * @param options {@link BackendOptions#threads()} sets the GEMM thread count (0 = one per core)
     */
    public CpuBackend(DType dtype, BackendOptions options) {
        this(dtype, options, CpuGemm.fromProperty());
    }

    /**
     * Opens a CPU backend with the given GEMM: {@link CpuGemm#NATIVE} fails with the reason when OpenBLAS
     * cannot load, {@link CpuGemm#AUTO} then falls back to pure Java (the description says which runs).
     */
    public CpuBackend(DType dtype, BackendOptions options, CpuGemm gemm) {
        this(dtype, options, CpuFeatures.fastFma(), gemm);
    }

    /** A backend with the pure-Java GEMM, choosing its kernel: fused multiply-add or not. */
    CpuBackend(DType dtype, BackendOptions options, boolean fma) {
        this(dtype, options, fma, CpuGemm.JAVA);
    }

    private CpuBackend(DType dtype, BackendOptions options, boolean fma, CpuGemm gemm) {
        if (dtype == null || options == null || gemm == null) {
            throw new IllegalArgumentException("dtype, options and gemm must not be null");
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("the cpu backend computes in FLOAT64 or FLOAT32, not " + dtype
                    + " (INT32 tensors come from allocateInt32 of either)");
        }
        String missing = gemm == CpuGemm.JAVA ? null : NativeGemm.unavailableReason();
        if (gemm == CpuGemm.NATIVE && missing != null) {
            throw new IllegalStateException("the native CPU GEMM (OpenBLAS through JavaCPP) cannot load on this platform ("
                    + missing + "); use the pure-Java GEMM (-D" + CpuGemm.PROPERTY + "=java, --cpu-gemm java)");
        }
        this.nativeMissing = gemm == CpuGemm.AUTO ? missing : null;
        this.dtype = dtype;
        this.name = dtype == DType.FLOAT64 ? "cpu-f64" : "cpu-f32";
        this.pool = new WorkerPool(options.resolvedThreads(), "myelin-" + name + "-gemm-");
        this.nativeGemm = gemm == CpuGemm.JAVA || missing != null ? null : NativeGemm.open(pool);
        this.fma = fma;
        this.kernels = Kernels.open(dtype, pool, fma);
        this.update = kernels.update();
        this.layers = kernels.layers();
        this.training = new TrainingKernels(kernels);
        this.operands = new Operands(this, () -> closed,
                storage -> storage instanceof Int32Storage ints ? ints.released() : kernels.released(storage));
    }

    /** Number of threads GEMM uses, the caller's included. */
    public int threads() {
        return pool.threads();
    }

    /** Owning tensors allocated and not yet closed. */
    public long liveTensors() {
        return liveTensors;
    }

    /** Bytes held by owning tensors not yet closed. */
    public long liveBytes() {
        return liveBytes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    /** {@inheritDoc} Always true: tensors are buffers in this process's memory. */
    @Override
    public boolean usesHostMemory() {
        return true;
    }

    @Override
    public String description() {
        String java = "pure Java (" + (fma ? "fma" : "mul+add") + ")";
        String gemm = nativeGemm != null ? nativeGemm.describe() + " for training, " + java + " for inference"
                : java + (nativeMissing == null ? "" : ", OpenBLAS did not load: " + nativeMissing);
        return "CPU, " + (dtype == DType.FLOAT64 ? "float64" : "float32") + ", " + threads() + " thread" + (threads() == 1 ? "" : "s") + ", GEMM " + gemm;
    }

    // ---------------------------------------------------------------- checks and storage access

    private static int off(Tensor t) {
        return (int) t.offset();
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor allocate(int rows, int cols) {
        int size = checkedSize("allocate", rows, cols, dtype);
        Object storage = kernels.allocate(size);
        counted(size, dtype);
        return Tensors.owner(this, storage, rows, cols);
    }

    /** {@inheritDoc} An {@code int[]} on the heap, shared by the tensor's views. */
    @Override
    public Tensor allocateInt32(int rows, int cols) {
        int size = checkedSize("allocateInt32", rows, cols, DType.INT32);
        Int32Storage storage = new Int32Storage(size);
        counted(size, DType.INT32);
        return Tensors.indexOwner(this, storage, rows, cols);
    }

    private int checkedSize(String op, int rows, int cols, DType type) {
        operands.open(op);
        long size = (long) rows * cols;
        if (rows < 0 || cols < 0 || size * type.bytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": shape [" + rows + ", " + cols
                    + "] is negative or larger than one CPU buffer (2^31 − 1 bytes)");
        }
        return (int) size;
    }

    private void counted(int size, DType type) {
        liveTensors++;
        liveBytes += (long) size * type.bytes();
    }

    @Override
    public Tensor view(Tensor base, long offset, int rows, int cols) {
        MemoryChecks.view(operands, base, offset, rows, cols);
        return Tensors.view(base, offset, rows, cols);
    }

    @Override
    public void release(Tensor tensor) {
        if (tensor == null || tensor.backend() != this || !tensor.isOwner()) {
            return;
        }
        if (tensor.isClosed()) {
            return;
        }
        Object storage = Tensors.storage(tensor);
        long bytes = storage instanceof Int32Storage ints ? ints.release() : kernels.release(storage);
        if (bytes > 0) {
            liveTensors--;
            liveBytes -= bytes;
        }
    }

    @Override
    public void upload(double[] src, int srcOffset, Tensor dst) {
        MemoryChecks.upload(operands, src, srcOffset, dst);
        kernels.upload(src, srcOffset, dst);
    }

    /** {@inheritDoc} float32 tensors take the values as they are, without widening. */
    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        MemoryChecks.upload(operands, src, srcOffset, dst);
        kernels.upload(src, srcOffset, dst);
    }

    @Override
    public void upload(int[] src, int srcOffset, Tensor dst) {
        MemoryChecks.upload(operands, src, srcOffset, dst);
        System.arraycopy(src, srcOffset, Int32Storage.data(dst), Int32Storage.offset(dst), dst.size());
    }

    @Override
    public void download(Tensor src, double[] dst, int dstOffset) {
        MemoryChecks.download(operands, src, dst, dstOffset);
        kernels.download(src, dst, dstOffset);
    }

    @Override
    public void download(Tensor src, int[] dst, int dstOffset) {
        MemoryChecks.download(operands, src, dst, dstOffset);
        System.arraycopy(Int32Storage.data(src), Int32Storage.offset(src), dst, dstOffset, src.size());
    }

    @Override
    public double readScalar(Tensor t, int index) {
        MemoryChecks.readScalar(operands, t, index);
        return t.dtype() == DType.INT32 ? Int32Storage.data(t)[Int32Storage.offset(t) + index] : kernels.get(t, index);
    }

    @Override
    public void fill(Tensor t, double value) {
        MemoryChecks.fill(operands, t, value);
        if (t.dtype() == DType.INT32) {
            int from = Int32Storage.offset(t);
            Arrays.fill(Int32Storage.data(t), from, from + t.size(), (int) value);
        } else {
            kernels.fill(t, value);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        MemoryChecks.copy(operands, src, dst);
        kernels.copy(src, 0, dst, 0, src.size());
    }

    @Override
    public void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst) {
        MemoryChecks.gatherRows(operands, src, rowIndex, from, dst);
        int rows = dst.rows();
        int cols = src.cols();
        for (int i = 0; i < rows; i++) {
            int r = rowIndex[from + i];
            kernels.copy(src, r * cols, dst, i * cols, cols);
        }
    }

    @Override
    public void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        MemoryChecks.gatherRows(operands, src, rowIndex, from, dst);
        int rows = dst.rows();
        int cols = src.cols();
        int[] index = Int32Storage.data(rowIndex);
        int first = Int32Storage.offset(rowIndex) + from;
        for (int i = 0; i < rows; i++) {
            int r = index[first + i];
            if (r < 0 || r >= src.rows()) {
                throw new IllegalArgumentException("gatherRows: row index " + r + " at position " + (from + i)
                        + " is not a row of src " + src.shape());
            }
            kernels.copy(src, r * cols, dst, i * cols, cols);
        }
    }

    // ---------------------------------------------------------------- BLAS-like

    /**
     * {@inheritDoc} As in BLAS, C must not share elements with A or B ({@link IllegalArgumentException}
     * otherwise). Each element of C is summed over k in a fixed order, so the result does not depend on
     * the thread count.
     */
    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        gemm(false, transA, transB, alpha, a, b, beta, c);
    }

    /**
     * {@inheritDoc} Runs the pure-Java kernel (whose summation order depends only on k) even where {@link #gemm}
     * runs OpenBLAS: OpenBLAS sums a row of C in another order depending on how many rows the call has, and where
     * the row sits in it.
     */
    @Override
    public void gemmBatchInvariant(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        gemm(true, transA, transB, alpha, a, b, beta, c);
    }

    private void gemm(boolean batchInvariant, boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        BlasChecks.gemm(operands, transA, transB, a, b, c);
        int m = transA ? a.cols() : a.rows();
        int n = transB ? b.rows() : b.cols();
        int k = transA ? a.rows() : a.cols();
        if (nativeGemm != null && !batchInvariant) {
            nativeGemm.gemm(transA, transB, m, n, k, alpha, Tensors.storage(a), off(a), a.cols(), Tensors.storage(b), off(b), b.cols(), beta, Tensors.storage(c), off(c));
        } else {
            kernels.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
        }
    }

    @Override
    public void addRowVector(Tensor m, Tensor row) {
        BlasChecks.addRowVector(operands, m, row);
        kernels.addRowVector(m, row);
    }

    /** {@inheritDoc} Sums accumulate in double in row order; β = 0 overwrites {@code out} (NaN there does not propagate). */
    @Override
    public void columnSums(Tensor m, double beta, Tensor out) {
        BlasChecks.columnSums(operands, m, out);
        kernels.columnSums(m, beta, out);
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        BlasChecks.axpy(operands, x, y);
        kernels.axpy(alpha, x, y);
    }

    @Override
    public void scale(Tensor x, double alpha) {
        BlasChecks.scale(operands, x);
        kernels.scale(x, alpha);
    }

    /** {@inheritDoc} Accumulates in double in index order. */
    @Override
    public void sumOfSquares(Tensor x, Tensor out) {
        BlasChecks.reduction(operands, "sumOfSquares", x, out);
        kernels.set(out, 0, kernels.sumOfSquares(x));
    }

    /** {@inheritDoc} Accumulates in double in index order. */
    @Override
    public void sumOfAbs(Tensor x, Tensor out) {
        BlasChecks.reduction(operands, "sumOfAbs", x, out);
        kernels.set(out, 0, kernels.sumOfAbs(x));
    }

    @Override
    public void addSign(double lambda, Tensor x, Tensor y) {
        BlasChecks.addSign(operands, x, y);
        kernels.addSign(lambda, x, y);
    }

    @Override
    public void countNonFinite(Tensor x, Tensor out) {
        BlasChecks.reduction(operands, "countNonFinite", x, out);
        kernels.set(out, 0, kernels.countNonFinite(x));
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out) {
        ActivationChecks.forward(operands, kind, z, out);
        kernels.activationForward(kind, alpha, z, out);
    }

    /**
     * {@inheritDoc} Over ranges of rows, each range in tiles of rows that stay in the cache between the bias add and
     * the activation (softmax: the two calls).
     */
    @Override
    public void addRowVectorActivation(ActivationKind kind, double alpha, Tensor z, Tensor bias, Tensor out) {
        if (kind == ActivationKind.SOFTMAX) {
            Backend.super.addRowVectorActivation(kind, alpha, z, bias, out);
            return;
        }
        ActivationChecks.forward(operands, kind, z, out);
        BlasChecks.addRowVector(operands, z, bias);
        kernels.addRowVectorActivation(kind, alpha, z, bias, out);
    }

    @Override
    public void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut,
                                   Tensor gradZ) {
        ActivationChecks.backward(operands, kind, z, out, gradOut, gradZ);
        kernels.activationBackward(kind, alpha, z, out, gradOut, gradZ);
    }

    /**
     * {@inheritDoc} Over ranges of columns: each row's part of the range gets its activation gradient, which is
     * added to the column sums while it is in the cache (softmax: the two calls).
     */
    @Override
    public void activationBackwardColumnSums(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut,
                                             Tensor gradZ, Tensor biasGradient) {
        if (kind == ActivationKind.SOFTMAX) {
            Backend.super.activationBackwardColumnSums(kind, alpha, z, out, gradOut, gradZ, biasGradient);
            return;
        }
        ActivationChecks.backward(operands, kind, z, out, gradOut, gradZ);
        BlasChecks.columnSums(operands, gradZ, biasGradient);
        kernels.activationBackwardColumnSums(kind, alpha, z, gradOut, gradZ, biasGradient);
    }

    // ---------------------------------------------------------------- losses and metrics

    @Override
    public void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum) {
        LossChecks.lossForward(operands, loss, output, target, lossSum);
        kernels.set(lossSum, 0, kernels.get(lossSum, 0) + kernels.loss(loss, output, target));
    }

    @Override
    public void lossBackward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
        LossChecks.lossBackward(operands, loss, output, target, grad);
        kernels.lossGradient(loss, output, target, scale, grad);
    }

    @Override
    public void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter) {
        LossChecks.countCorrect(operands, output, target, counter);
        int[] count = Int32Storage.data(counter);
        int at = Int32Storage.offset(counter);
        count[at] = Math.toIntExact(count[at] + kernels.countCorrect(output, target, threshold));
    }

    @Override
    public void argmaxRows(Tensor output, Tensor predicted) {
        LossChecks.argmaxRows(operands, output, predicted);
        kernels.argmaxRows(output, predicted);
    }

    // ---------------------------------------------------------------- optimisers

    @Override
    public void sgdStep(SgdSpec spec, double learningRate, Tensor params, Tensor grads, Tensor velocity, Tensor gradScale) {
        OptimiserChecks.sgdStep(operands, spec, params, grads, velocity, gradScale);
        step(spec, learningRate, gradScale, params, grads, spec.form() == MomentumForm.NONE ? null : velocity, null, null);
    }

    @Override
    public void adagradStep(AdaGradSpec spec, double learningRate, Tensor params, Tensor grads, Tensor sumSquares, Tensor gradScale) {
        OptimiserChecks.adagradStep(operands, spec, params, grads, sumSquares, gradScale);
        step(spec, learningRate, gradScale, params, grads, sumSquares, null, null);
    }

    @Override
    public void adadeltaStep(AdaDeltaSpec spec, double learningRate, Tensor params, Tensor grads, Tensor squareAvg, Tensor deltaAvg,
                             Tensor gradScale) {
        OptimiserChecks.adadeltaStep(operands, spec, params, grads, squareAvg, deltaAvg, gradScale);
        step(spec, learningRate, gradScale, params, grads, squareAvg, deltaAvg, null);
    }

    @Override
    public void rmspropStep(RmsPropSpec spec, double learningRate, Tensor params, Tensor grads, Tensor squareAvg, Tensor gradAvg,
                            Tensor momentumBuffer, Tensor gradScale) {
        OptimiserChecks.rmspropStep(operands, spec, params, grads, squareAvg, gradAvg, momentumBuffer, gradScale);
        step(spec, learningRate, gradScale, params, grads, squareAvg, gradAvg, momentumBuffer);
    }

    @Override
    public void adamStep(AdamSpec spec, double learningRate, double gradCoefficient, double momentCoefficient, double sqrtBiasCorrection2,
                         Tensor params, Tensor grads, Tensor m, Tensor v, Tensor gradScale) {
        OptimiserChecks.adamStep(operands, spec, params, grads, m, v, gradScale);
        update.adamCoefficients(gradCoefficient, momentCoefficient, sqrtBiasCorrection2);
        step(spec, learningRate, gradScale, params, grads, m, v, null);
    }

    /**
     * Every optimiser step after its check: reads the gradient scale (1 when {@code gradScale} is null, else its first
     * element) and skips the step when it is NaN or infinite, leaving parameters and state untouched; else runs the
     * record's fused kernel over the state buffers a, b, c (null when unused).
     */
    private void step(Record spec, double learningRate, Tensor gradScale, Tensor w, Tensor g, Tensor a, Tensor b, Tensor c) {
        double s = gradScale == null ? 1.0 : kernels.get(gradScale, 0);
        if (Double.isFinite(s)) {
            update.run(spec, learningRate, s, w, g, a, b, c);
        }
    }

    @Override
    public void clamp(Tensor x, double lo, double hi) {
        OptimiserChecks.clamp(operands, x, lo, hi);
        layers.clamp(x, lo, hi);
    }

    @Override
    public void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        OptimiserChecks.clipScale(operands, sumSquares, maxNorm, scale);
        layers.clipScale(sumSquares, maxNorm, scale);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        LayerChecks.multiply(operands, a, b, out);
        layers.multiply(a, b, out);
    }

    @Override
    public void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        LayerChecks.dropoutMask(operands, p, mask);
        layers.dropoutMask(seed, step, layer, p, mask);
    }

    @Override
    public void batchNormForwardTraining(BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                         Tensor out, Tensor savedMean, Tensor savedInvStd) {
        LayerChecks.batchNormForwardTraining(operands, spec, x, gamma, beta, runningMean, runningVar, out, savedMean, savedInvStd);
        layers.batchNormForwardTraining(x, gamma, beta, spec.epsilon(), spec.momentum(), runningMean, runningVar, out, savedMean, savedInvStd);
    }

    @Override
    public void batchNormForwardInference(BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                          Tensor out) {
        LayerChecks.batchNormForwardInference(operands, spec, x, gamma, beta, runningMean, runningVar, out);
        layers.batchNormForwardInference(x, gamma, beta, spec.epsilon(), runningMean, runningVar, out);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                                  Tensor gradBeta) {
        LayerChecks.batchNormBackward(operands, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        layers.batchNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        LayerChecks.layerNormForward(operands, x, gamma, beta, epsilon, out, savedMean, savedInvStd);
        layers.layerNormForward(x, gamma, beta, epsilon, out, savedMean, savedInvStd);
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                                  Tensor gradBeta) {
        LayerChecks.layerNormBackward(operands, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        layers.layerNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public void preluForward(Tensor z, Tensor alpha, Tensor out) {
        LayerChecks.preluForward(operands, z, alpha, out);
        layers.preluForward(z, alpha, out);
    }

    @Override
    public void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        LayerChecks.preluBackward(operands, z, alpha, gradOut, gradZ, gradAlpha);
        layers.preluBackward(z, alpha, gradOut, gradZ, gradAlpha);
    }

    @Override
    public void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        LayerChecks.maxoutForward(operands, z, k, out, argmax);
        layers.maxoutForward(z, k, out, argmax);
    }

    @Override
    public void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        LayerChecks.maxoutBackward(operands, gradOut, argmax, k, gradZ);
        layers.maxoutBackward(gradOut, argmax, k, gradZ);
    }

    // ---------------------------------------------------------------- training bookkeeping

    @Override
    public void copyIfNonFinite(Tensor flag, Tensor src, Tensor dst) {
        TrainingChecks.copyIfNonFinite(operands, flag, src, dst);
        training.copyIfNonFinite(flag, src, dst);
    }

    @Override
    public void confusionCounts(Tensor output, Tensor labels, double threshold, Tensor counts) {
        TrainingChecks.confusionCounts(operands, output, labels, counts);
        training.confusionCounts(output, labels, threshold, counts);
    }

    /** Stops the GEMM threads. Tensors of this backend must not be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
    }

    @Override
    public String toString() {
        return description();
    }
}
