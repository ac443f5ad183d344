package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.ActivationChecks;
import dev.myelin.backend.spi.BlasChecks;
import dev.myelin.backend.spi.LayerChecks;
import dev.myelin.backend.spi.LossChecks;
import dev.myelin.backend.spi.MemoryChecks;
import dev.myelin.backend.spi.Operands;
import dev.myelin.backend.spi.OptimiserChecks;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * The CPU backend: float64 (the numerical oracle every other backend is compared with) or float32.
 *
 * <p>Storage is one off-heap buffer ({@link java.nio.DoubleBuffer} or {@link java.nio.FloatBuffer}, native byte
 * order) per owning tensor; views share it at an element offset. GEMM runs in OpenBLAS through JavaCPP on
 * those buffers where they are ({@link CpuGemm}: by default when its natives load), else in the pure-Java
 * cache-blocked kernel on a persistent pool of {@link BackendOptions#resolvedThreads()} threads (the caller's
 * included), whose results are bit-identical for every thread count (on one machine: where the JVM has
 * hardware FMA it uses fused multiply-adds, see {@code -Dmyelin.cpu.fma}). OpenBLAS runs on the same number
 * of threads, fixed per call, so one thread count gives the same bits every run. The fused optimiser steps
 * run over the worker pool in the tensor's own precision. Element-wise activations, the bias add, column sums,
 * batch norm, dropout masks and products also run over the pool, in ranges that give the same bits for every
 * thread count; they, and the rest of the element-wise and row-wise math (on the caller's thread), compute
 * float32 tensors in double and round once. Nothing is allocated per call once scratch buffers
 * have grown to the problem size. {@link #description()} says which GEMM runs.
 *
 * <p>Like every {@link Backend}, an instance is used by one thread at a time.
 */
public final class CpuBackend implements Backend {
    /** Elements per chunk when float32 data is converted to double for element-wise math. */
    private static final int CHUNK = 4096;

    private final DType dtype;
    private final boolean f64;
    private final WorkerPool pool;
    private final boolean fma;
    private final Gemm64 gemm64;
    private final Gemm32 gemm32;
    private final FlatUpdate update;
    /** OpenBLAS, or null when the pure-Java GEMM runs. */
    private final NativeGemm nativeGemm;
    /** Why OpenBLAS did not load when it was wanted by default, else null. */
    private final String nativeMissing;
    private final double[][] scratch = new double[4][];
    private boolean closed;
    /** The shared liveness check of this backend's operands. */
    private final Operands operands = new Operands(this, () -> closed,
            s -> s instanceof F64Storage ? ((F64Storage) s).released : ((F32Storage) s).released);
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
        this.f64 = dtype == DType.FLOAT64;
        this.pool = new WorkerPool(options.resolvedThreads(), "myelin-cpu-" + (f64 ? "f64" : "f32") + "-gemm-");
        this.nativeGemm = gemm == CpuGemm.JAVA || missing != null ? null : NativeGemm.open(pool);
        this.fma = fma;
        this.gemm64 = f64 ? new Gemm64(pool, fma) : null;
        this.gemm32 = f64 ? null : new Gemm32(pool, fma);
        this.update = new FlatUpdate(pool, f64);
        this.layerKernels = new LayerKernels(pool);
        this.activations = new ActivationTask();
        this.rowVector = new RowVectorTask();
        this.columns = new ColumnSumTask();
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
        return f64 ? "cpu-f64" : "cpu-f32";
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
        return "CPU, " + (f64 ? "float64" : "float32") + ", " + threads() + " thread" + (threads() == 1 ? "" : "s") + ", GEMM " + gemm;
    }

    // ---------------------------------------------------------------- checks and storage access

    private static DoubleBuffer d64(Tensor t) {
        return ((F64Storage) t.storage()).data;
    }

    private static FloatBuffer d32(Tensor t) {
        return ((F32Storage) t.storage()).data;
    }

    private static int off(Tensor t) {
        return (int) t.offset();
    }

    private double[] slot(int s, int n) {
        double[] buf = scratch[s];
        if (buf == null || buf.length < n) {
            buf = new double[Math.max(n, CHUNK)];
            scratch[s] = buf;
        }
        return buf;
    }

    /** Elements {@code [start, start+n)} of {@code t} as doubles, copied (and for float32 widened) into slot {@code s}. */
    private double[] in(Tensor t, int start, int n, int s) {
        double[] buf = slot(s, n);
        int base = off(t) + start;
        if (f64) {
            d64(t).get(base, buf, 0, n);
        } else {
            FloatBuffer src = d32(t);
            for (int i = 0; i < n; i++) {
                buf[i] = src.get(base + i);
            }
        }
        return buf;
    }

    /** Index in the array returned by {@link #in} or {@link #out} of element {@code start} of {@code t}: always 0 (a staged copy). */
    private static int at(Tensor t, int start) {
        return 0;
    }

    /** Where to write elements of {@code t}: slot {@code s}, then {@link #commit}. */
    private double[] out(Tensor t, int n, int s) {
        return slot(s, n);
    }

    /** Writes slot {@code s} into elements {@code [start, start+n)} of {@code t}, rounding to float32 once where needed. */
    private void commit(Tensor t, int start, int n, int s) {
        double[] buf = scratch[s];
        int base = off(t) + start;
        if (f64) {
            d64(t).put(base, buf, 0, n);
        } else {
            FloatBuffer dst = d32(t);
            for (int i = 0; i < n; i++) {
                dst.put(base + i, (float) buf[i]);
            }
        }
    }

    private double get(Tensor t, int index) {
        return f64 ? d64(t).get(off(t) + index) : d32(t).get(off(t) + index);
    }

    private void set(Tensor t, int index, double value) {
        if (f64) {
            d64(t).put(off(t) + index, value);
        } else {
            d32(t).put(off(t) + index, (float) value);
        }
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor allocate(int rows, int cols) {
        operands.open("allocate");
        long size = (long) rows * cols;
        if (rows < 0 || cols < 0 || size * dtype.bytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("allocate: shape [" + rows + ", " + cols
                    + "] is negative or larger than one CPU buffer (2^31 − 1 bytes)");
        }
        Object storage = f64 ? new F64Storage((int) size) : new F32Storage((int) size);
        liveTensors++;
        liveBytes += size * dtype.bytes();
        return new Tensor(this, storage, 0, rows, cols, true);
    }

    @Override
    public Tensor view(Tensor base, long offset, int rows, int cols) {
        MemoryChecks.view(operands, base, offset, rows, cols);
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
        Object s = tensor.storage();
        if (s instanceof F64Storage) {
            F64Storage st = (F64Storage) s;
            if (!st.released) {
                st.released = true;
                liveTensors--;
                liveBytes -= (long) st.size() * Double.BYTES;
            }
        } else if (s instanceof F32Storage) {
            F32Storage st = (F32Storage) s;
            if (!st.released) {
                st.released = true;
                liveTensors--;
                liveBytes -= (long) st.size() * Float.BYTES;
            }
        }
    }

    @Override
    public void upload(double[] src, int srcOffset, Tensor dst) {
        MemoryChecks.upload(operands, src, srcOffset, dst);
        int n = dst.size();
        if (f64) {
            d64(dst).put(off(dst), src, srcOffset, n);
        } else {
            FloatBuffer d = d32(dst);
            int base = off(dst);
            for (int i = 0; i < n; i++) {
                d.put(base + i, (float) src[srcOffset + i]);
            }
        }
    }

    /** {@inheritDoc} float32 tensors take the values as they are, without widening. */
    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        MemoryChecks.upload(operands, src, srcOffset, dst);
        int n = dst.size();
        if (f64) {
            DoubleBuffer d = d64(dst);
            int base = off(dst);
            for (int i = 0; i < n; i++) {
                d.put(base + i, src[srcOffset + i]);
            }
        } else {
            d32(dst).put(off(dst), src, srcOffset, n);
        }
    }

    @Override
    public void download(Tensor src, double[] dst, int dstOffset) {
        MemoryChecks.download(operands, src, dst, dstOffset);
        int n = src.size();
        if (f64) {
            d64(src).get(off(src), dst, dstOffset, n);
        } else {
            FloatBuffer s = d32(src);
            int base = off(src);
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = s.get(base + i);
            }
        }
    }

    @Override
    public double readScalar(Tensor t, int index) {
        MemoryChecks.readScalar(operands, t, index);
        return get(t, index);
    }

    @Override
    public void fill(Tensor t, double value) {
        MemoryChecks.fill(operands, t);
        int base = off(t);
        int n = t.size();
        if (f64) {
            DoubleBuffer d = d64(t);
            for (int i = 0; i < n; i++) {
                d.put(base + i, value);
            }
        } else {
            FloatBuffer d = d32(t);
            float v = (float) value;
            for (int i = 0; i < n; i++) {
                d.put(base + i, v);
            }
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        MemoryChecks.copy(operands, src, dst);
        copyElements(src, off(src), dst, off(dst), src.size());
    }

    @Override
    public void gatherRows(Tensor src, int[] rowIndex, int from, Tensor dst) {
        MemoryChecks.gatherRows(operands, src, rowIndex, from, dst);
        int rows = dst.rows();
        int cols = src.cols();
        for (int i = 0; i < rows; i++) {
            int r = rowIndex[from + i];
            copyElements(src, off(src) + r * cols, dst, off(dst) + i * cols, cols);
        }
    }

    @Override
    public void gatherRows(Tensor src, Tensor rowIndex, int from, Tensor dst) {
        MemoryChecks.gatherRows(operands, src, rowIndex, from, dst);
        int rows = dst.rows();
        int cols = src.cols();
        for (int i = 0; i < rows; i++) {
            double value = get(rowIndex, from + i);
            int r = (int) value;
            if (r != value || r < 0 || r >= src.rows()) {
                throw new IllegalArgumentException("gatherRows: row index " + value + " at position " + (from + i)
                        + " is not a row of src " + src.shape());
            }
            copyElements(src, off(src) + r * cols, dst, off(dst) + i * cols, cols);
        }
    }

    /** Copies {@code n} elements from storage index {@code from} of {@code src} to storage index {@code to} of {@code dst} (may overlap). */
    private void copyElements(Tensor src, int from, Tensor dst, int to, int n) {
        if (f64) {
            d64(dst).put(to, d64(src), from, n);
        } else {
            d32(dst).put(to, d32(src), from, n);
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
        BlasChecks.gemm(operands, transA, transB, a, b, c);
        int m = transA ? a.cols() : a.rows();
        int n = transB ? b.rows() : b.cols();
        int k = transA ? a.rows() : a.cols();
        if (nativeGemm != null) {
            nativeGemm.gemm(transA, transB, m, n, k, alpha, a.storage(), off(a), a.cols(), b.storage(), off(b), b.cols(), beta, c.storage(), off(c));
        } else if (f64) {
            gemm64.gemm(transA, transB, m, n, k, alpha, d64(a), off(a), a.cols(), d64(b), off(b), b.cols(),
                    beta, d64(c), off(c));
        } else {
            gemm32.gemm(transA, transB, m, n, k, alpha, d32(a), off(a), a.cols(), d32(b), off(b), b.cols(),
                    beta, d32(c), off(c));
        }
    }

    @Override
    public void addRowVector(Tensor m, Tensor row) {
        BlasChecks.addRowVector(operands, m, row);
        rowVector.m.at(m);
        rowVector.row.at(row);
        rowVector.cols = m.cols();
        rowVector.runOn(pool, m.rows(), 1, 2L * m.size());
    }

    /** {@code m[i, j] += row[j]} over ranges of rows. */
    private final class RowVectorTask extends RangeTask {
        final Elements m = new Elements();
        final Elements row = new Elements();
        int cols;

        @Override
        void range(int part, int from, int to) {
            for (int i = from; i < to; i++) {
                int base = i * cols;
                for (int j = 0; j < cols; j++) {
                    m.set(base + j, m.get(base + j) + row.get(j));
                }
            }
        }
    }

    /** {@inheritDoc} Sums accumulate in double in row order; β = 0 overwrites {@code out} (NaN there does not propagate). */
    @Override
    public void columnSums(Tensor m, double beta, Tensor out) {
        BlasChecks.columnSums(operands, m, out);
        columns.m.at(m);
        columns.out.at(out);
        columns.rows = m.rows();
        columns.cols = m.cols();
        columns.beta = beta;
        if (columns.acc.length < m.cols()) {
            columns.acc = new double[m.cols()];
        }
        columns.runOn(pool, m.cols(), 1, m.size());
    }

    /** Column sums over ranges of columns, each summed in double in row order. */
    private final class ColumnSumTask extends RangeTask {
        final Elements m = new Elements();
        final Elements out = new Elements();
        int rows;
        int cols;
        double beta;

        /** Per column, grown to the widest matrix seen; threads write disjoint ranges. */
        double[] acc = new double[0];

        @Override
        void range(int part, int from, int to) {
            java.util.Arrays.fill(acc, from, to, 0.0);
            for (int i = 0; i < rows; i++) {
                int base = i * cols;
                for (int j = from; j < to; j++) {
                    acc[j] += m.get(base + j);
                }
            }
            for (int j = from; j < to; j++) {
                out.set(j, beta == 0 ? acc[j] : beta * out.get(j) + acc[j]);
            }
        }
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        BlasChecks.axpy(operands, x, y);
        int n = x.size();
        int xo = off(x);
        int yo = off(y);
        if (f64) {
            DoubleBuffer xd = d64(x);
            DoubleBuffer yd = d64(y);
            for (int i = 0; i < n; i++) {
                yd.put(yo + i, yd.get(yo + i) + alpha * xd.get(xo + i));
            }
        } else {
            FloatBuffer xd = d32(x);
            FloatBuffer yd = d32(y);
            float a = (float) alpha;
            for (int i = 0; i < n; i++) {
                yd.put(yo + i, yd.get(yo + i) + a * xd.get(xo + i));
            }
        }
    }

    @Override
    public void scale(Tensor x, double alpha) {
        BlasChecks.scale(operands, x);
        int n = x.size();
        int xo = off(x);
        if (f64) {
            DoubleBuffer xd = d64(x);
            for (int i = 0; i < n; i++) {
                xd.put(xo + i, xd.get(xo + i) * alpha);
            }
        } else {
            FloatBuffer xd = d32(x);
            float a = (float) alpha;
            for (int i = 0; i < n; i++) {
                xd.put(xo + i, xd.get(xo + i) * a);
            }
        }
    }

    /** {@inheritDoc} Accumulates in double in index order. */
    @Override
    public void sumOfSquares(Tensor x, Tensor out) {
        BlasChecks.reduction(operands, "sumOfSquares", x, out);
        int n = x.size();
        int xo = off(x);
        double s = 0;
        if (f64) {
            DoubleBuffer xd = d64(x);
            for (int i = 0; i < n; i++) {
                double v = xd.get(xo + i);
                s += v * v;
            }
        } else {
            FloatBuffer xd = d32(x);
            for (int i = 0; i < n; i++) {
                double v = xd.get(xo + i);
                s += v * v;
            }
        }
        set(out, 0, s);
    }

    /** {@inheritDoc} Accumulates in double in index order. */
    @Override
    public void sumOfAbs(Tensor x, Tensor out) {
        BlasChecks.reduction(operands, "sumOfAbs", x, out);
        int n = x.size();
        int xo = off(x);
        double s = 0;
        if (f64) {
            DoubleBuffer xd = d64(x);
            for (int i = 0; i < n; i++) {
                s += Math.abs(xd.get(xo + i));
            }
        } else {
            FloatBuffer xd = d32(x);
            for (int i = 0; i < n; i++) {
                s += Math.abs(xd.get(xo + i));
            }
        }
        set(out, 0, s);
    }

    @Override
    public void addSign(double lambda, Tensor x, Tensor y) {
        BlasChecks.addSign(operands, x, y);
        int n = x.size();
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            double[] xa = in(x, s, len, 0);
            int xo = at(x, s);
            double[] ya = in(y, s, len, 1);
            int yo = at(y, s);
            for (int i = 0; i < len; i++) {
                double v = xa[xo + i];
                ya[yo + i] += v > 0 ? lambda : v < 0 ? -lambda : 0.0;
            }
            commit(y, s, len, 1);
        }
    }

    @Override
    public void countNonFinite(Tensor x, Tensor out) {
        BlasChecks.reduction(operands, "countNonFinite", x, out);
        int n = x.size();
        int xo = off(x);
        long count = 0;
        if (f64) {
            DoubleBuffer xd = d64(x);
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(xd.get(xo + i))) {
                    count++;
                }
            }
        } else {
            FloatBuffer xd = d32(x);
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(xd.get(xo + i))) {
                    count++;
                }
            }
        }
        set(out, 0, count);
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out) {
        ActivationChecks.forward(operands, kind, z, out);
        if (kind == ActivationKind.SOFTMAX) {
            int cols = z.cols();
            for (int i = 0; i < z.rows(); i++) {
                int s = i * cols;
                double[] za = in(z, s, cols, 0);
                double[] oa = out(out, cols, 1);
                ElementMath.softmaxRow(za, at(z, s), oa, at(out, s), cols);
                commit(out, s, cols, 1);
            }
            return;
        }
        activations.forward = true;
        activations.kind = kind;
        activations.alpha = alpha;
        activations.z.at(z);
        activations.out.at(out);
        activations.runOn(pool, z.size(), CHUNK, 2L * z.size());
    }

    @Override
    public void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut,
                                   Tensor gradZ) {
        ActivationChecks.backward(operands, kind, z, out, gradOut, gradZ);
        if (kind == ActivationKind.SOFTMAX) {
            int cols = z.cols();
            for (int i = 0; i < z.rows(); i++) {
                int s = i * cols;
                double[] oa = in(out, s, cols, 0);
                double[] ga = in(gradOut, s, cols, 1);
                double[] gz = out(gradZ, cols, 2);
                ElementMath.softmaxBackwardRow(oa, at(out, s), ga, at(gradOut, s), gz, at(gradZ, s), cols);
                commit(gradZ, s, cols, 2);
            }
            return;
        }
        activations.forward = false;
        activations.kind = kind;
        activations.alpha = alpha;
        activations.z.at(z);
        activations.gradOut.at(gradOut);
        activations.out.at(gradZ);
        activations.runOn(pool, z.size(), CHUNK, 3L * z.size());
    }

    /**
     * An element-wise activation, forward or backward, over ranges of whole chunks: each thread widens a chunk into
     * its own double arrays, runs {@link ElementMath} on them and writes the result rounded once.
     */
    private final class ActivationTask extends RangeTask {
        boolean forward;
        ActivationKind kind;
        double alpha;
        final Elements z = new Elements();
        final Elements gradOut = new Elements();
        final Elements out = new Elements();
        private final double[][][] buffers = new double[pool.threads()][3][CHUNK];

        @Override
        void range(int part, int from, int to) {
            if (kind == ActivationKind.RELU) { // one pass on the buffers, the same formulas as ElementMath's
                for (int i = from; i < to; i++) {
                    out.set(i, forward ? Math.max(z.get(i), 0.0) : z.get(i) > 0 ? gradOut.get(i) : 0.0);
                }
                return;
            }
            double[][] b = buffers[part];
            for (int s = from; s < to; s += CHUNK) {
                int len = Math.min(CHUNK, to - s);
                for (int i = 0; i < len; i++) {
                    b[0][i] = z.get(s + i);
                }
                if (forward) {
                    ElementMath.forward(kind, alpha, b[0], 0, b[2], 0, len);
                } else {
                    for (int i = 0; i < len; i++) {
                        b[1][i] = gradOut.get(s + i);
                    }
                    ElementMath.backward(kind, alpha, b[0], 0, b[1], 0, b[2], 0, len);
                }
                for (int i = 0; i < len; i++) {
                    out.set(s + i, b[2][i]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- losses and metrics

    @Override
    public void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum) {
        LossChecks.lossForward(operands, loss, output, target, lossSum);
        int k = output.cols();
        int tk = target.cols();
        double total = 0;
        for (int i = 0; i < output.rows(); i++) {
            double[] oa = in(output, i * k, k, 0);
            double[] ta = in(target, i * tk, tk, 1);
            total += ElementMath.loss(loss, i, oa, at(output, i * k), ta, at(target, i * tk), k);
        }
        set(lossSum, 0, get(lossSum, 0) + total);
    }

    @Override
    public void lossBackward(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
        LossChecks.lossBackward(operands, loss, output, target, grad);
        int k = output.cols();
        int tk = target.cols();
        for (int i = 0; i < output.rows(); i++) {
            double[] oa = in(output, i * k, k, 0);
            double[] ta = in(target, i * tk, tk, 1);
            double[] ga = out(grad, k, 2);
            ElementMath.lossGradient(loss, i, oa, at(output, i * k), ta, at(target, i * tk), k, scale,
                    ga, at(grad, i * k));
            commit(grad, i * k, k, 2);
        }
    }

    private static int argmax(double[] x, int xo, int n) {
        int best = 0;
        double max = x[xo];
        for (int j = 1; j < n; j++) {
            if (x[xo + j] > max) {
                max = x[xo + j];
                best = j;
            }
        }
        return best;
    }

    @Override
    public void countCorrect(Tensor output, Tensor target, double threshold, Tensor counter) {
        LossChecks.countCorrect(operands, output, target, counter);
        int k = output.cols();
        int tk = target.cols();
        long correct = 0;
        for (int i = 0; i < output.rows(); i++) {
            double[] oa = in(output, i * k, k, 0);
            int oo = at(output, i * k);
            double[] ta = in(target, i * tk, tk, 1);
            int to = at(target, i * tk);
            boolean right;
            if (k == 1) {
                right = (oa[oo] > threshold) == (ta[to] > 0.5);
            } else if (tk == 1) {
                right = argmax(oa, oo, k) == ta[to];
            } else {
                right = argmax(oa, oo, k) == argmax(ta, to, tk);
            }
            if (right) {
                correct++;
            }
        }
        set(counter, 0, get(counter, 0) + correct);
    }

    @Override
    public void argmaxRows(Tensor output, Tensor predicted) {
        LossChecks.argmaxRows(operands, output, predicted);
        int k = output.cols();
        for (int i = 0; i < output.rows(); i++) {
            double[] oa = in(output, i * k, k, 0);
            set(predicted, i, argmax(oa, at(output, i * k), k));
        }
    }

    // ---------------------------------------------------------------- optimisers

    @Override
    public void sgdStep(MomentumForm form, double learningRate, double momentum, double weightDecay,
                        Tensor params, Tensor grads, Tensor velocity, Tensor gradScale) {
        OptimiserChecks.sgdStep(operands, form, params, grads, velocity, gradScale);
        double s = gradScaleOf(gradScale);
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
     * The gradient scale of an optimiser step: 1 when {@code gradScale} is null, else its first
     * element (NaN or infinite means: skip the step).
     */
    private double gradScaleOf(Tensor gradScale) {
        return gradScale == null ? 1.0 : get(gradScale, 0);
    }

    @Override
    public void adagradStep(double learningRate, double epsilon, double weightDecay, Tensor params, Tensor grads, Tensor sumSquares, Tensor gradScale) {
        OptimiserChecks.adagradStep(operands, params, grads, sumSquares, gradScale);
        double s = gradScaleOf(gradScale);
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
        OptimiserChecks.adadeltaStep(operands, params, grads, squareAvg, deltaAvg, gradScale);
        double s = gradScaleOf(gradScale);
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
        OptimiserChecks.rmspropStep(operands, momentum, params, grads, squareAvg, gradAvg, momentumBuffer, gradScale);
        double s = gradScaleOf(gradScale);
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
        OptimiserChecks.adamStep(operands, params, grads, m, v, gradScale);
        double s = gradScaleOf(gradScale);
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

    /** Bodies of the layer operations below; see {@link LayerKernels}. */
    private final LayerKernels layerKernels;
    /** Element-wise activations over the worker pool. */
    private final ActivationTask activations;
    private final RowVectorTask rowVector;
    private final ColumnSumTask columns;

    @Override
    public void clamp(Tensor x, double lo, double hi) {
        OptimiserChecks.clamp(operands, x, lo, hi);
        layerKernels.clamp(x, lo, hi);
    }

    @Override
    public void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        OptimiserChecks.clipScale(operands, sumSquares, maxNorm, scale);
        layerKernels.clipScale(sumSquares, maxNorm, scale);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        LayerChecks.multiply(operands, a, b, out);
        layerKernels.multiply(a, b, out);
    }

    @Override
    public void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        LayerChecks.dropoutMask(operands, p, mask);
        layerKernels.dropoutMask(seed, step, layer, p, mask);
    }

    @Override
    public void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum, Tensor runningMean, Tensor runningVar,
                                         Tensor out, Tensor savedMean, Tensor savedInvStd) {
        LayerChecks.batchNormForwardTraining(operands, x, gamma, beta, epsilon, momentum, runningMean, runningVar, out, savedMean, savedInvStd);
        layerKernels.batchNormForwardTraining(x, gamma, beta, epsilon, momentum, runningMean, runningVar, out, savedMean, savedInvStd);
    }

    @Override
    public void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean, Tensor runningVar, Tensor out) {
        LayerChecks.batchNormForwardInference(operands, x, gamma, beta, epsilon, runningMean, runningVar, out);
        layerKernels.batchNormForwardInference(x, gamma, beta, epsilon, runningMean, runningVar, out);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                                  Tensor gradBeta) {
        LayerChecks.batchNormBackward(operands, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        layerKernels.batchNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        LayerChecks.layerNormForward(operands, x, gamma, beta, epsilon, out, savedMean, savedInvStd);
        layerKernels.layerNormForward(x, gamma, beta, epsilon, out, savedMean, savedInvStd);
    }

    @Override
    public void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                                  Tensor gradBeta) {
        LayerChecks.layerNormBackward(operands, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        layerKernels.layerNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public void preluForward(Tensor z, Tensor alpha, Tensor out) {
        LayerChecks.preluForward(operands, z, alpha, out);
        layerKernels.preluForward(z, alpha, out);
    }

    @Override
    public void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        LayerChecks.preluBackward(operands, z, alpha, gradOut, gradZ, gradAlpha);
        layerKernels.preluBackward(z, alpha, gradOut, gradZ, gradAlpha);
    }

    @Override
    public void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        LayerChecks.maxoutForward(operands, z, k, out, argmax);
        layerKernels.maxoutForward(z, k, out, argmax);
    }

    @Override
    public void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        LayerChecks.maxoutBackward(operands, gradOut, argmax, k, gradZ);
        layerKernels.maxoutBackward(gradOut, argmax, k, gradZ);
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
