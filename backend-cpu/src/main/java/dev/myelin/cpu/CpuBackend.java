package dev.myelin.cpu;

import static dev.myelin.backend.BackendChecks.atLeastOne;
import static dev.myelin.backend.BackendChecks.sameShape;
import static dev.myelin.backend.BackendChecks.sameSize;
import static dev.myelin.backend.BackendChecks.shapeError;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendChecks;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;

/**
 * The CPU backend: float64 (the numerical oracle every other backend is compared with) or float32.
 *
 * <p>Storage is one off-heap buffer ({@link java.nio.DoubleBuffer} or {@link java.nio.FloatBuffer}, native byte
 * order) per owning tensor; views share it at an element offset. GEMM runs in OpenBLAS through JavaCPP on
 * those buffers where they are ({@link CpuGemm}: by default when its natives load), else in the pure-Java
 * cache-blocked kernel on a persistent pool of {@link BackendOptions#resolvedThreads()} threads (the caller's
 * included), whose results are bit-identical for every thread count (on one machine: where the JVM has
 * hardware FMA it uses fused multiply-adds, see {@code -Dmyelin.cpu.fma}). OpenBLAS runs on the same number
 * of threads, fixed per call, so one thread count gives the same bits every run. The precision is chosen once,
 * when the backend opens: every operation runs the {@link Kernels} of that precision ({@link Kernels64} or
 * {@link Kernels32}, generated from one template), which compute float32 tensors in float arithmetic and
 * accumulate sums over many elements (norms, column sums, loss totals, normalisation statistics) in double.
 * The fused optimiser steps, element-wise activations, softmax, the bias add, column sums, batch and layer
 * norm, PReLU, maxout, dropout masks and products run over the worker pool, in ranges that give the same
 * bits for every thread count. Nothing is allocated per call once scratch buffers have grown to the problem
 * size. {@link #description()} says which GEMM runs.
 *
 * <p>Like every {@link Backend}, an instance is used by one thread at a time.
 */
public final class CpuBackend implements Backend {
    private final DType dtype;
    /** "cpu-f64" or "cpu-f32". */
    private final String name;
    private final WorkerPool pool;
    private final boolean fma;
    /** The bodies of the operations, in this backend's precision. */
    private final Kernels kernels;
    private final FlatUpdate update;
    private final LayerKernels layers;
    /** OpenBLAS, or null when the pure-Java GEMM runs. */
    private final NativeGemm nativeGemm;
    /** Why OpenBLAS did not load when it was wanted by default, else null. */
    private final String nativeMissing;
    private boolean closed;
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
        String gemm = nativeGemm != null ? nativeGemm.describe()
                : "pure Java (" + (fma ? "fma" : "mul+add") + ")" + (nativeMissing == null ? "" : ", OpenBLAS did not load: " + nativeMissing);
        return "CPU, " + (dtype == DType.FLOAT64 ? "float64" : "float32") + ", " + threads() + " thread" + (threads() == 1 ? "" : "s") + ", GEMM " + gemm;
    }

    // ---------------------------------------------------------------- checks and storage access

    private void ensureOpen(String op) {
        if (closed) {
            throw new IllegalStateException(op + ": backend " + name() + " is closed");
        }
    }

    private void check(Tensor t, String op, String role) {
        ensureOpen(op);
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + role + " is null");
        }
        if (t.backend() != this) {
            throw new IllegalArgumentException(op + ": " + role + " " + t + " belongs to another backend ("
                    + t.backend().description() + "), not to this " + name() + " backend");
        }
        if (t.isClosed()) {
            throw new IllegalStateException(op + ": " + role + " " + t.shape() + " was used after close()");
        }
        if (kernels.released(t.storage())) {
            throw new IllegalStateException(op + ": " + role + " " + t.shape()
                    + " is a view of a tensor that was closed");
        }
    }

    private static int off(Tensor t) {
        return (int) t.offset();
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor allocate(int rows, int cols) {
        ensureOpen("allocate");
        long size = (long) rows * cols;
        if (rows < 0 || cols < 0 || size * dtype.bytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("allocate: shape [" + rows + ", " + cols
                    + "] is negative or larger than one CPU buffer (2^31 − 1 bytes)");
        }
        Object storage = kernels.allocate((int) size);
        liveTensors++;
        liveBytes += size * dtype.bytes();
        return new Tensor(this, storage, 0, rows, cols, true);
    }

    @Override
    public Tensor view(Tensor base, long offset, int rows, int cols) {
        check(base, "view", "base");
        long size = (long) rows * cols;
        if (rows < 0 || cols < 0 || offset < 0 || offset + size > base.size()) {
            throw new IllegalArgumentException("view: [" + rows + ", " + cols + "] at offset " + offset
                    + " does not fit in base " + base.shape() + " (" + base.size() + " elements)");
        }
        return new Tensor(this, base.storage(), base.offset() + offset, rows, cols, false);
    }

    @Override
    public void release(Tensor tensor) {
        if (tensor == null || tensor.backend() != this || !tensor.isOwner()) {
            return;
        }
        if (tensor.isClosed()) {
            return;
        }
        long bytes = kernels.release(tensor.storage());
        if (bytes > 0) {
            liveTensors--;
            liveBytes -= bytes;
        }
    }

    @Override
    public void upload(double[] src, int srcOffset, Tensor dst) {
        check(dst, "upload", "dst");
        int n = dst.size();
        if (src == null || srcOffset < 0 || (long) srcOffset + n > src.length) {
            throw new IllegalArgumentException("upload: need " + n + " values from offset " + srcOffset
                    + " for " + dst.shape() + ", source has " + (src == null ? "none" : src.length));
        }
        kernels.upload(src, srcOffset, dst);
    }

    /** {@inheritDoc} float32 tensors take the values as they are, without widening. */
    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        check(dst, "upload", "dst");
        int n = dst.size();
        if (src == null || srcOffset < 0 || (long) srcOffset + n > src.length) {
            throw new IllegalArgumentException("upload: need " + n + " values from offset " + srcOffset
                    + " for " + dst.shape() + ", source has " + (src == null ? "none" : src.length));
        }
        kernels.upload(src, srcOffset, dst);
    }

    @Override
    public void download(Tensor src, double[] dst, int dstOffset) {
        check(src, "download", "src");
        int n = src.size();
        if (dst == null || dstOffset < 0 || (long) dstOffset + n > dst.length) {
            throw new IllegalArgumentException("download: need room for " + n + " values at offset " + dstOffset
                    + " for " + src.shape() + ", destination has " + (dst == null ? "none" : dst.length));
        }
        kernels.download(src, dst, dstOffset);
    }

    @Override
    public double readScalar(Tensor t, int index) {
        check(t, "readScalar", "t");
        if (index < 0 || index >= t.size()) {
            throw new IllegalArgumentException("readScalar: index " + index + " outside " + t.shape());
        }
        return kernels.get(t, index);
    }

    @Override
    public void fill(Tensor t, double value) {
        check(t, "fill", "t");
        kernels.fill(t, value);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        check(src, "copy", "src");
        check(dst, "copy", "dst");
        sameShape("copy", src, dst);
        kernels.copy(src, 0, dst, 0, src.size());
    }

    @Override
    public void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst) {
        check(src, "gatherRows", "src");
        check(dst, "gatherRows", "dst");
        BackendChecks.gatherRows(src, rowIndex, from, dst);
        int rows = dst.rows();
        int cols = src.cols();
        for (int i = 0; i < rows; i++) {
            int r = rowIndex[from + i];
            kernels.copy(src, r * cols, dst, i * cols, cols);
        }
    }

    @Override
    public void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        check(src, "gatherRows", "src");
        check(rowIndex, "gatherRows", "rowIndex");
        check(dst, "gatherRows", "dst");
        if (src.cols() != dst.cols()) {
            throw shapeError("gatherRows", "src and dst need the same number of columns", src, dst);
        }
        BackendChecks.gatherRange(rowIndex, from, dst);
        int rows = dst.rows();
        int cols = src.cols();
        for (int i = 0; i < rows; i++) {
            double value = kernels.get(rowIndex, from + i);
            int r = (int) value;
            if (r != value || r < 0 || r >= src.rows()) {
                throw new IllegalArgumentException("gatherRows: row index " + value + " at position " + (from + i)
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
        check(a, "gemm", "A");
        check(b, "gemm", "B");
        check(c, "gemm", "C");
        BackendChecks.gemm(transA, transB, a, b, c);
        int m = transA ? a.cols() : a.rows();
        int n = transB ? b.rows() : b.cols();
        int k = transA ? a.rows() : a.cols();
        if (nativeGemm != null) {
            nativeGemm.gemm(transA, transB, m, n, k, alpha, a.storage(), off(a), a.cols(), b.storage(), off(b), b.cols(), beta, c.storage(), off(c));
        } else {
            kernels.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
        }
    }

    @Override
    public void addRowVector(Tensor m, Tensor row) {
        check(m, "addRowVector", "m");
        check(row, "addRowVector", "row");
        if (row.rows() != 1 || row.cols() != m.cols()) {
            throw shapeError("addRowVector", "row must be [1, m.cols()]", m, row);
        }
        kernels.addRowVector(m, row);
    }

    /** {@inheritDoc} Sums accumulate in double in row order; β = 0 overwrites {@code out} (NaN there does not propagate). */
    @Override
    public void columnSums(Tensor m, double beta, Tensor out) {
        check(m, "columnSums", "m");
        check(out, "columnSums", "out");
        if (out.rows() != 1 || out.cols() != m.cols()) {
            throw shapeError("columnSums", "out must be [1, m.cols()]", m, out);
        }
        kernels.columnSums(m, beta, out);
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        check(x, "axpy", "x");
        check(y, "axpy", "y");
        sameSize("axpy", x, y);
        kernels.axpy(alpha, x, y);
    }

    @Override
    public void scale(Tensor x, double alpha) {
        check(x, "scale", "x");
        kernels.scale(x, alpha);
    }

    /** {@inheritDoc} Accumulates in double in index order. */
    @Override
    public void sumOfSquares(Tensor x, Tensor out) {
        check(x, "sumOfSquares", "x");
        check(out, "sumOfSquares", "out");
        atLeastOne("sumOfSquares", "out", out);
        kernels.set(out, 0, kernels.sumOfSquares(x));
    }

    /** {@inheritDoc} Accumulates in double in index order. */
    @Override
    public void sumOfAbs(Tensor x, Tensor out) {
        check(x, "sumOfAbs", "x");
        check(out, "sumOfAbs", "out");
        atLeastOne("sumOfAbs", "out", out);
        kernels.set(out, 0, kernels.sumOfAbs(x));
    }

    @Override
    public void addSign(double lambda, Tensor x, Tensor y) {
        check(x, "addSign", "x");
        check(y, "addSign", "y");
        sameSize("addSign", x, y);
        kernels.addSign(lambda, x, y);
    }

    @Override
    public void countNonFinite(Tensor x, Tensor out) {
        check(x, "countNonFinite", "x");
        check(out, "countNonFinite", "out");
        atLeastOne("countNonFinite", "out", out);
        kernels.set(out, 0, kernels.countNonFinite(x));
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out) {
        check(z, "activationForward", "z");
        check(out, "activationForward", "out");
        sameShape("activationForward", kind, z, out);
        kernels.activationForward(kind, alpha, z, out);
    }

    @Override
    public void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut,
                                   Tensor gradZ) {
        String op = "activationBackward";
        check(z, op, "z");
        check(out, op, "out");
        check(gradOut, op, "gradOut");
        check(gradZ, op, "gradZ");
        sameShape(op, kind, z, out);
        sameShape(op, kind, z, gradOut);
        sameShape(op, kind, z, gradZ);
        kernels.activationBackward(kind, alpha, z, out, gradOut, gradZ);
    }

    // ---------------------------------------------------------------- losses and metrics

    @Override
    public void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum) {
        check(output, "lossForward", "output");
        check(target, "lossForward", "target");
        check(lossSum, "lossForward", "lossSum");
        BackendChecks.lossShapes("lossForward", loss, output, target);
        atLeastOne("lossForward", "lossSum", lossSum);
        kernels.set(lossSum, 0, kernels.get(lossSum, 0) + kernels.loss(loss, output, target));
    }

    @Override
    public void lossBackward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
        check(output, "lossBackward", "output");
        check(target, "lossBackward", "target");
        check(grad, "lossBackward", "grad");
        BackendChecks.lossShapes("lossBackward", loss, output, target);
        sameShape("lossBackward", loss.kind(), output, grad);
        kernels.lossGradient(loss, output, target, scale, grad);
    }

    @Override
    public void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter) {
        check(output, "countCorrect", "output");
        check(target, "countCorrect", "target");
        check(counter, "countCorrect", "counter");
        atLeastOne("countCorrect", "counter", counter);
        int k = output.cols();
        int tk = target.cols();
        if (target.rows() != output.rows() || !(tk == 1 || tk == k) || k == 0) {
            throw shapeError("countCorrect", "target must be [output.rows(), 1] (class index or binary label)"
                    + " or [output.rows(), output.cols()] (one-hot)", output, target);
        }
        kernels.set(counter, 0, kernels.get(counter, 0) + kernels.countCorrect(output, target, threshold));
    }

    @Override
    public void argmaxRows(Tensor output, Tensor predicted) {
        check(output, "argmaxRows", "output");
        check(predicted, "argmaxRows", "predicted");
        if (predicted.rows() != output.rows() || predicted.cols() != 1 || output.cols() == 0) {
            throw shapeError("argmaxRows", "predicted must be [output.rows(), 1] and output non-empty",
                    output, predicted);
        }
        kernels.argmaxRows(output, predicted);
    }

    // ---------------------------------------------------------------- optimisers

    @Override
    public void sgdStep(MomentumForm form, double learningRate, double momentum, double weightDecay,
                        Tensor params, Tensor grads, Tensor velocity, Tensor gradScale) {
        if (form == null) {
            throw new IllegalArgumentException("sgdStep: form is null");
        }
        check(params, "sgdStep", "params");
        check(grads, "sgdStep", "grads");
        sameSize("sgdStep", params, grads);
        if (form != MomentumForm.NONE) {
            if (velocity == null) {
                throw new IllegalArgumentException("sgdStep: " + form + " momentum needs a velocity buffer");
            }
            check(velocity, "sgdStep", "velocity");
            sameSize("sgdStep", params, velocity);
        }
        double s = 1.0;
        if (gradScale != null) {
            check(gradScale, "sgdStep", "gradScale");
            atLeastOne("sgdStep", "gradScale", gradScale);
            s = kernels.get(gradScale, 0);
        }
        if (!Double.isFinite(s)) {
            return; // non-finite gradient scale: skip the step, leave params and velocity untouched
        }
        FlatUpdate u = update.of(FlatUpdate.Kind.SGD, s, params, grads, form == MomentumForm.NONE ? null : velocity, null, null);
        u.form = form;
        u.p0 = learningRate;
        u.p1 = momentum;
        u.p2 = weightDecay;
        u.run();
    }

    // ---------------------------------------------------------------- adaptive optimisers, clipping, layers

    /**
     * The checked gradient scale of an optimiser step: 1 when {@code gradScale} is null, else its first
     * element (NaN or infinite means: skip the step).
     */
    private double gradScaleOf(String op, Tensor gradScale) {
        if (gradScale == null) {
            return 1.0;
        }
        check(gradScale, op, "gradScale");
        atLeastOne(op, "gradScale", gradScale);
        return kernels.get(gradScale, 0);
    }

    /** Checks {@code buffer} (role {@code role}) is a live tensor of this backend with as many elements as {@code params}. */
    private void checkState(String op, String role, Tensor params, Tensor buffer) {
        check(buffer, op, role);
        if (buffer.size() != params.size()) {
            throw new IllegalArgumentException(op + ": " + role + " must have as many elements as params, got params "
                    + params.shape() + " and " + role + " " + buffer.shape());
        }
    }

    @Override
    public void adagradStep(double learningRate, double epsilon, double weightDecay, Tensor params, Tensor grads, Tensor sumSquares, Tensor gradScale) {
        String op = "adagradStep";
        check(params, op, "params");
        checkState(op, "grads", params, grads);
        checkState(op, "sumSquares", params, sumSquares);
        double s = gradScaleOf(op, gradScale);
        if (!Double.isFinite(s)) {
            return;
        }
        FlatUpdate u = update.of(FlatUpdate.Kind.ADAGRAD, s, params, grads, sumSquares, null, null);
        u.p0 = learningRate;
        u.p1 = epsilon;
        u.p2 = weightDecay;
        u.run();
    }

    @Override
    public void adadeltaStep(double learningRate, double rho, double epsilon, double weightDecay, Tensor params, Tensor grads, Tensor squareAvg,
                             Tensor deltaAvg, Tensor gradScale) {
        String op = "adadeltaStep";
        check(params, op, "params");
        checkState(op, "grads", params, grads);
        checkState(op, "squareAvg", params, squareAvg);
        checkState(op, "deltaAvg", params, deltaAvg);
        double s = gradScaleOf(op, gradScale);
        if (!Double.isFinite(s)) {
            return;
        }
        FlatUpdate u = update.of(FlatUpdate.Kind.ADADELTA, s, params, grads, squareAvg, deltaAvg, null);
        u.p0 = learningRate;
        u.p1 = rho;
        u.p2 = epsilon;
        u.p3 = weightDecay;
        u.run();
    }

    @Override
    public void rmspropStep(double learningRate, double alpha, double epsilon, double weightDecay, double momentum, Tensor params, Tensor grads,
                            Tensor squareAvg, Tensor gradAvg, Tensor momentumBuffer, Tensor gradScale) {
        String op = "rmspropStep";
        check(params, op, "params");
        checkState(op, "grads", params, grads);
        checkState(op, "squareAvg", params, squareAvg);
        if (gradAvg != null) {
            checkState(op, "gradAvg", params, gradAvg);
        }
        if (momentumBuffer != null) {
            checkState(op, "momentumBuffer", params, momentumBuffer);
        } else if (momentum != 0) {
            throw new IllegalArgumentException(op + ": momentum " + momentum + " needs a momentumBuffer");
        }
        double s = gradScaleOf(op, gradScale);
        if (!Double.isFinite(s)) {
            return;
        }
        FlatUpdate u = update.of(FlatUpdate.Kind.RMSPROP, s, params, grads, squareAvg, gradAvg, momentumBuffer);
        u.p0 = learningRate;
        u.p1 = alpha;
        u.p2 = epsilon;
        u.p3 = weightDecay;
        u.p4 = momentum;
        u.run();
    }

    @Override
    public void adamStep(boolean decoupledDecay, double learningRate, double weightDecay, double beta1, double beta2, double epsilon,
                         double gradCoefficient, double momentCoefficient, double sqrtBiasCorrection2, Tensor params, Tensor grads, Tensor m, Tensor v,
                         Tensor gradScale) {
        String op = "adamStep";
        check(params, op, "params");
        checkState(op, "grads", params, grads);
        checkState(op, "m", params, m);
        checkState(op, "v", params, v);
        double s = gradScaleOf(op, gradScale);
        if (!Double.isFinite(s)) {
            return;
        }
        FlatUpdate u = update.of(FlatUpdate.Kind.ADAM, s, params, grads, m, v, null);
        u.decoupled = decoupledDecay;
        u.p0 = learningRate;
        u.p1 = weightDecay;
        u.p2 = beta1;
        u.p3 = beta2;
        u.p4 = epsilon;
        u.p5 = gradCoefficient;
        u.p6 = momentCoefficient;
        u.p7 = sqrtBiasCorrection2;
        u.run();
    }

    @Override
    public void clamp(Tensor x, double lo, double hi) {
        check(x, "clamp", "x");
        layers.clamp(x, lo, hi);
    }

    @Override
    public void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        check(sumSquares, "clipScale", "sumSquares");
        check(scale, "clipScale", "scale");
        layers.clipScale(sumSquares, maxNorm, scale);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        check(a, "multiply", "a");
        check(b, "multiply", "b");
        check(out, "multiply", "out");
        layers.multiply(a, b, out);
    }

    @Override
    public void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        check(mask, "dropoutMask", "mask");
        layers.dropoutMask(seed, step, layer, p, mask);
    }

    @Override
    public void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum, Tensor runningMean, Tensor runningVar,
                                         Tensor out, Tensor savedMean, Tensor savedInvStd) {
        String op = "batchNormForwardTraining";
        check(x, op, "x");
        check(gamma, op, "gamma");
        check(beta, op, "beta");
        check(runningMean, op, "runningMean");
        check(runningVar, op, "runningVar");
        check(out, op, "out");
        check(savedMean, op, "savedMean");
        check(savedInvStd, op, "savedInvStd");
        layers.batchNormForwardTraining(x, gamma, beta, epsilon, momentum, runningMean, runningVar, out, savedMean, savedInvStd);
    }

    @Override
    public void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean, Tensor runningVar, Tensor out) {
        String op = "batchNormForwardInference";
        check(x, op, "x");
        check(gamma, op, "gamma");
        check(beta, op, "beta");
        check(runningMean, op, "runningMean");
        check(runningVar, op, "runningVar");
        check(out, op, "out");
        layers.batchNormForwardInference(x, gamma, beta, epsilon, runningMean, runningVar, out);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                                  Tensor gradBeta) {
        String op = "batchNormBackward";
        check(x, op, "x");
        check(gradOut, op, "gradOut");
        check(gamma, op, "gamma");
        check(savedMean, op, "savedMean");
        check(savedInvStd, op, "savedInvStd");
        check(gradX, op, "gradX");
        check(gradGamma, op, "gradGamma");
        check(gradBeta, op, "gradBeta");
        layers.batchNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        String op = "layerNormForward";
        check(x, op, "x");
        check(gamma, op, "gamma");
        check(beta, op, "beta");
        check(out, op, "out");
        check(savedMean, op, "savedMean");
        check(savedInvStd, op, "savedInvStd");
        layers.layerNormForward(x, gamma, beta, epsilon, out, savedMean, savedInvStd);
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                                  Tensor gradBeta) {
        String op = "layerNormBackward";
        check(x, op, "x");
        check(gradOut, op, "gradOut");
        check(gamma, op, "gamma");
        check(savedMean, op, "savedMean");
        check(savedInvStd, op, "savedInvStd");
        check(gradX, op, "gradX");
        check(gradGamma, op, "gradGamma");
        check(gradBeta, op, "gradBeta");
        layers.layerNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public void preluForward(Tensor z, Tensor alpha, Tensor out) {
        check(z, "preluForward", "z");
        check(alpha, "preluForward", "alpha");
        check(out, "preluForward", "out");
        layers.preluForward(z, alpha, out);
    }

    @Override
    public void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        check(z, "preluBackward", "z");
        check(alpha, "preluBackward", "alpha");
        check(gradOut, "preluBackward", "gradOut");
        check(gradZ, "preluBackward", "gradZ");
        check(gradAlpha, "preluBackward", "gradAlpha");
        layers.preluBackward(z, alpha, gradOut, gradZ, gradAlpha);
    }

    @Override
    public void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        check(z, "maxoutForward", "z");
        check(out, "maxoutForward", "out");
        check(argmax, "maxoutForward", "argmax");
        layers.maxoutForward(z, k, out, argmax);
    }

    @Override
    public void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        check(gradOut, "maxoutBackward", "gradOut");
        check(argmax, "maxoutBackward", "argmax");
        check(gradZ, "maxoutBackward", "gradZ");
        layers.maxoutBackward(gradOut, argmax, k, gradZ);
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
