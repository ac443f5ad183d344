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
 * The pure-Java backend: float64 (the numerical oracle every other backend is compared with) or
 * float32 (the fast fallback).
 *
 * <p>Storage is a {@code double[]} (float64) or {@code float[]} (float32) per owning tensor; views
 * share it at an element offset. GEMM is cache-blocked and runs on a persistent pool of
 * {@link BackendOptions#resolvedThreads()} threads (the caller's included), with results
 * bit-identical for every thread count (on one machine: where the JVM has hardware FMA, GEMM uses
 * fused multiply-adds, see {@code -Dmyelin.cpu.fma}). Element-wise and row-wise math of float32 tensors is
 * computed in double and rounded once; GEMM and {@link #sgdStep} run in the tensor's own
 * precision. Nothing is allocated per call once scratch buffers have grown to the problem size.
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
    private final double[][] scratch = new double[4][];
    private double[] columnAccumulator = new double[0];
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
        this(dtype, options, CpuFeatures.fastFma());
    }

    /** As {@link #CpuBackend(DType, BackendOptions)}, choosing the GEMM kernel: fused multiply-add or not. */
    CpuBackend(DType dtype, BackendOptions options, boolean fma) {
        if (dtype == null || options == null) {
            throw new IllegalArgumentException("dtype and options must not be null");
        }
        this.dtype = dtype;
        this.f64 = dtype == DType.FLOAT64;
        this.pool = new WorkerPool(options.resolvedThreads(), "myelin-cpu-" + (f64 ? "f64" : "f32") + "-gemm-");
        this.fma = fma;
        this.gemm64 = f64 ? new Gemm64(pool, fma) : null;
        this.gemm32 = f64 ? null : new Gemm32(pool, fma);
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

    /** {@inheritDoc} Always true: tensors are Java arrays. */
    @Override
    public boolean usesHostMemory() {
        return true;
    }

    @Override
    public String description() {
        return "CPU (pure Java), " + (f64 ? "float64" : "float32") + ", " + threads() + " thread"
                + (threads() == 1 ? "" : "s") + ", GEMM kernel " + (fma ? "fma" : "mul+add");
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
        Object s = t.storage();
        boolean released = f64 ? ((F64Storage) s).released : ((F32Storage) s).released;
        if (released) {
            throw new IllegalStateException(op + ": " + role + " " + t.shape()
                    + " is a view of a tensor that was closed");
        }
    }

    private static double[] d64(Tensor t) {
        return ((F64Storage) t.storage()).data;
    }

    private static float[] d32(Tensor t) {
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

    /** Elements {@code [start, start+n)} of {@code t} as doubles: float64 storage itself, else a converted copy in slot {@code s}. */
    private double[] in(Tensor t, int start, int n, int s) {
        if (f64) {
            return d64(t);
        }
        float[] src = d32(t);
        int base = off(t) + start;
        double[] buf = slot(s, n);
        for (int i = 0; i < n; i++) {
            buf[i] = src[base + i];
        }
        return buf;
    }

    /** Index in the array returned by {@link #in} or {@link #out} of element {@code start} of {@code t}. */
    private int at(Tensor t, int start) {
        return f64 ? off(t) + start : 0;
    }

    /** Where to write elements of {@code t}: float64 storage itself, else slot {@code s} (then {@link #commit}). */
    private double[] out(Tensor t, int n, int s) {
        return f64 ? d64(t) : slot(s, n);
    }

    private void commit(Tensor t, int start, int n, int s) {
        if (f64) {
            return;
        }
        float[] dst = d32(t);
        int base = off(t) + start;
        double[] buf = scratch[s];
        for (int i = 0; i < n; i++) {
            dst[base + i] = (float) buf[i];
        }
    }

    private double get(Tensor t, int index) {
        return f64 ? d64(t)[off(t) + index] : d32(t)[off(t) + index];
    }

    private void set(Tensor t, int index, double value) {
        if (f64) {
            d64(t)[off(t) + index] = value;
        } else {
            d32(t)[off(t) + index] = (float) value;
        }
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor allocate(int rows, int cols) {
        ensureOpen("allocate");
        long size = (long) rows * cols;
        if (rows < 0 || cols < 0 || size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("allocate: shape [" + rows + ", " + cols
                    + "] is negative or too large for one Java array");
        }
        Object storage = f64 ? new F64Storage((int) size) : new F32Storage((int) size);
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
        Object s = tensor.storage();
        if (s instanceof F64Storage) {
            F64Storage st = (F64Storage) s;
            if (!st.released) {
                st.released = true;
                liveTensors--;
                liveBytes -= (long) st.data.length * Double.BYTES;
            }
        } else if (s instanceof F32Storage) {
            F32Storage st = (F32Storage) s;
            if (!st.released) {
                st.released = true;
                liveTensors--;
                liveBytes -= (long) st.data.length * Float.BYTES;
            }
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
        if (f64) {
            System.arraycopy(src, srcOffset, d64(dst), off(dst), n);
        } else {
            float[] d = d32(dst);
            int base = off(dst);
            for (int i = 0; i < n; i++) {
                d[base + i] = (float) src[srcOffset + i];
            }
        }
    }

    @Override
    public void download(Tensor src, double[] dst, int dstOffset) {
        check(src, "download", "src");
        int n = src.size();
        if (dst == null || dstOffset < 0 || (long) dstOffset + n > dst.length) {
            throw new IllegalArgumentException("download: need room for " + n + " values at offset " + dstOffset
                    + " for " + src.shape() + ", destination has " + (dst == null ? "none" : dst.length));
        }
        if (f64) {
            System.arraycopy(d64(src), off(src), dst, dstOffset, n);
        } else {
            float[] s = d32(src);
            int base = off(src);
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = s[base + i];
            }
        }
    }

    @Override
    public double readScalar(Tensor t, int index) {
        check(t, "readScalar", "t");
        if (index < 0 || index >= t.size()) {
            throw new IllegalArgumentException("readScalar: index " + index + " outside " + t.shape());
        }
        return get(t, index);
    }

    @Override
    public void fill(Tensor t, double value) {
        check(t, "fill", "t");
        int base = off(t);
        if (f64) {
            java.util.Arrays.fill(d64(t), base, base + t.size(), value);
        } else {
            java.util.Arrays.fill(d32(t), base, base + t.size(), (float) value);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        check(src, "copy", "src");
        check(dst, "copy", "dst");
        sameShape("copy", src, dst);
        if (f64) {
            System.arraycopy(d64(src), off(src), d64(dst), off(dst), src.size());
        } else {
            System.arraycopy(d32(src), off(src), d32(dst), off(dst), src.size());
        }
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
            if (f64) {
                System.arraycopy(d64(src), off(src) + r * cols, d64(dst), off(dst) + i * cols, cols);
            } else {
                System.arraycopy(d32(src), off(src) + r * cols, d32(dst), off(dst) + i * cols, cols);
            }
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
            double value = get(rowIndex, from + i);
            int r = (int) value;
            if (r != value || r < 0 || r >= src.rows()) {
                throw new IllegalArgumentException("gatherRows: row index " + value + " at position " + (from + i)
                        + " is not a row of src " + src.shape());
            }
            if (f64) {
                System.arraycopy(d64(src), off(src) + r * cols, d64(dst), off(dst) + i * cols, cols);
            } else {
                System.arraycopy(d32(src), off(src) + r * cols, d32(dst), off(dst) + i * cols, cols);
            }
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
        if (f64) {
            gemm64.gemm(transA, transB, m, n, k, alpha, d64(a), off(a), a.cols(), d64(b), off(b), b.cols(),
                    beta, d64(c), off(c));
        } else {
            gemm32.gemm(transA, transB, m, n, k, alpha, d32(a), off(a), a.cols(), d32(b), off(b), b.cols(),
                    beta, d32(c), off(c));
        }
    }

    @Override
    public void addRowVector(Tensor m, Tensor row) {
        check(m, "addRowVector", "m");
        check(row, "addRowVector", "row");
        if (row.rows() != 1 || row.cols() != m.cols()) {
            throw shapeError("addRowVector", "row must be [1, m.cols()]", m, row);
        }
        int rows = m.rows();
        int cols = m.cols();
        if (f64) {
            double[] md = d64(m);
            double[] rd = d64(row);
            int ro = off(row);
            for (int i = 0; i < rows; i++) {
                int base = off(m) + i * cols;
                for (int j = 0; j < cols; j++) {
                    md[base + j] += rd[ro + j];
                }
            }
        } else {
            float[] md = d32(m);
            float[] rd = d32(row);
            int ro = off(row);
            for (int i = 0; i < rows; i++) {
                int base = off(m) + i * cols;
                for (int j = 0; j < cols; j++) {
                    md[base + j] += rd[ro + j];
                }
            }
        }
    }

    /** {@inheritDoc} Sums accumulate in double in row order; β = 0 overwrites {@code out} (NaN there does not propagate). */
    @Override
    public void columnSums(Tensor m, double beta, Tensor out) {
        check(m, "columnSums", "m");
        check(out, "columnSums", "out");
        if (out.rows() != 1 || out.cols() != m.cols()) {
            throw shapeError("columnSums", "out must be [1, m.cols()]", m, out);
        }
        int rows = m.rows();
        int cols = m.cols();
        if (columnAccumulator.length < cols) {
            columnAccumulator = new double[cols];
        }
        double[] acc = columnAccumulator;
        java.util.Arrays.fill(acc, 0, cols, 0.0);
        if (f64) {
            double[] md = d64(m);
            for (int i = 0; i < rows; i++) {
                int base = off(m) + i * cols;
                for (int j = 0; j < cols; j++) {
                    acc[j] += md[base + j];
                }
            }
        } else {
            float[] md = d32(m);
            for (int i = 0; i < rows; i++) {
                int base = off(m) + i * cols;
                for (int j = 0; j < cols; j++) {
                    acc[j] += md[base + j];
                }
            }
        }
        for (int j = 0; j < cols; j++) {
            set(out, j, beta == 0 ? acc[j] : beta * get(out, j) + acc[j]);
        }
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        check(x, "axpy", "x");
        check(y, "axpy", "y");
        sameSize("axpy", x, y);
        int n = x.size();
        if (f64) {
            double[] xd = d64(x);
            double[] yd = d64(y);
            int xo = off(x);
            int yo = off(y);
            for (int i = 0; i < n; i++) {
                yd[yo + i] += alpha * xd[xo + i];
            }
        } else {
            float[] xd = d32(x);
            float[] yd = d32(y);
            int xo = off(x);
            int yo = off(y);
            float a = (float) alpha;
            for (int i = 0; i < n; i++) {
                yd[yo + i] += a * xd[xo + i];
            }
        }
    }

    @Override
    public void scale(Tensor x, double alpha) {
        check(x, "scale", "x");
        int n = x.size();
        int xo = off(x);
        if (f64) {
            double[] xd = d64(x);
            for (int i = 0; i < n; i++) {
                xd[xo + i] *= alpha;
            }
        } else {
            float[] xd = d32(x);
            float a = (float) alpha;
            for (int i = 0; i < n; i++) {
                xd[xo + i] *= a;
            }
        }
    }

    /** {@inheritDoc} Accumulates in double in index order. */
    @Override
    public void sumOfSquares(Tensor x, Tensor out) {
        check(x, "sumOfSquares", "x");
        check(out, "sumOfSquares", "out");
        atLeastOne("sumOfSquares", "out", out);
        int n = x.size();
        int xo = off(x);
        double s = 0;
        if (f64) {
            double[] xd = d64(x);
            for (int i = 0; i < n; i++) {
                double v = xd[xo + i];
                s += v * v;
            }
        } else {
            float[] xd = d32(x);
            for (int i = 0; i < n; i++) {
                double v = xd[xo + i];
                s += v * v;
            }
        }
        set(out, 0, s);
    }

    /** {@inheritDoc} Accumulates in double in index order. */
    @Override
    public void sumOfAbs(Tensor x, Tensor out) {
        check(x, "sumOfAbs", "x");
        check(out, "sumOfAbs", "out");
        atLeastOne("sumOfAbs", "out", out);
        int n = x.size();
        int xo = off(x);
        double s = 0;
        if (f64) {
            double[] xd = d64(x);
            for (int i = 0; i < n; i++) {
                s += Math.abs(xd[xo + i]);
            }
        } else {
            float[] xd = d32(x);
            for (int i = 0; i < n; i++) {
                s += Math.abs(xd[xo + i]);
            }
        }
        set(out, 0, s);
    }

    @Override
    public void addSign(double lambda, Tensor x, Tensor y) {
        check(x, "addSign", "x");
        check(y, "addSign", "y");
        sameSize("addSign", x, y);
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
        check(x, "countNonFinite", "x");
        check(out, "countNonFinite", "out");
        atLeastOne("countNonFinite", "out", out);
        int n = x.size();
        int xo = off(x);
        long count = 0;
        if (f64) {
            double[] xd = d64(x);
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(xd[xo + i])) {
                    count++;
                }
            }
        } else {
            float[] xd = d32(x);
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(xd[xo + i])) {
                    count++;
                }
            }
        }
        set(out, 0, count);
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out) {
        check(z, "activationForward", "z");
        check(out, "activationForward", "out");
        sameShape("activationForward", kind, z, out);
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
        int n = z.size();
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            double[] za = in(z, s, len, 0);
            double[] oa = out(out, len, 1);
            ElementMath.forward(kind, alpha, za, at(z, s), oa, at(out, s), len);
            commit(out, s, len, 1);
        }
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
        int n = z.size();
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            double[] za = in(z, s, len, 0);
            double[] ga = in(gradOut, s, len, 1);
            double[] gz = out(gradZ, len, 2);
            ElementMath.backward(kind, alpha, za, at(z, s), ga, at(gradOut, s), gz, at(gradZ, s), len);
            commit(gradZ, s, len, 2);
        }
    }

    // ---------------------------------------------------------------- losses and metrics

    @Override
    public void lossForward(LossSpec loss, Tensor output, Tensor target, Tensor lossSum) {
        check(output, "lossForward", "output");
        check(target, "lossForward", "target");
        check(lossSum, "lossForward", "lossSum");
        BackendChecks.lossShapes("lossForward", loss, output, target);
        atLeastOne("lossForward", "lossSum", lossSum);
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
        check(output, "lossBackward", "output");
        check(target, "lossBackward", "target");
        check(grad, "lossBackward", "grad");
        BackendChecks.lossShapes("lossBackward", loss, output, target);
        sameShape("lossBackward", loss.kind(), output, grad);
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
        check(output, "argmaxRows", "output");
        check(predicted, "argmaxRows", "predicted");
        if (predicted.rows() != output.rows() || predicted.cols() != 1 || output.cols() == 0) {
            throw shapeError("argmaxRows", "predicted must be [output.rows(), 1] and output non-empty",
                    output, predicted);
        }
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
            s = get(gradScale, 0);
        }
        if (!Double.isFinite(s)) {
            return; // non-finite gradient scale: skip the step, leave params and velocity untouched
        }
        if (f64) {
            SgdKernels.step64(form, learningRate, momentum, weightDecay, s, d64(params), off(params),
                    d64(grads), off(grads), velocity == null ? null : d64(velocity),
                    velocity == null ? 0 : off(velocity), params.size());
        } else {
            SgdKernels.step32(form, (float) learningRate, (float) momentum, (float) weightDecay, (float) s,
                    d32(params), off(params), d32(grads), off(grads), velocity == null ? null : d32(velocity),
                    velocity == null ? 0 : off(velocity), params.size());
        }
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
        return get(gradScale, 0);
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
        int n = params.size();
        if (f64) {
            AdaptiveKernels.adagrad64(learningRate, epsilon, weightDecay, s, d64(params), off(params), d64(grads), off(grads),
                    d64(sumSquares), off(sumSquares), n);
        } else {
            AdaptiveKernels.adagrad32((float) learningRate, (float) epsilon, (float) weightDecay, (float) s, d32(params), off(params), d32(grads), off(grads),
                    d32(sumSquares), off(sumSquares), n);
        }
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
        int n = params.size();
        if (f64) {
            AdaptiveKernels.adadelta64(learningRate, rho, epsilon, weightDecay, s, d64(params), off(params), d64(grads), off(grads),
                    d64(squareAvg), off(squareAvg), d64(deltaAvg), off(deltaAvg), n);
        } else {
            AdaptiveKernels.adadelta32((float) learningRate, (float) rho, (float) epsilon, (float) weightDecay, (float) s, d32(params), off(params), d32(grads), off(grads),
                    d32(squareAvg), off(squareAvg), d32(deltaAvg), off(deltaAvg), n);
        }
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
        int n = params.size();
        if (f64) {
            AdaptiveKernels.rmsprop64(learningRate, alpha, epsilon, weightDecay, momentum, s, d64(params), off(params), d64(grads), off(grads),
                    d64(squareAvg), off(squareAvg), gradAvg == null ? null : d64(gradAvg), gradAvg == null ? 0 : off(gradAvg),
                    momentumBuffer == null ? null : d64(momentumBuffer), momentumBuffer == null ? 0 : off(momentumBuffer), n);
        } else {
            AdaptiveKernels.rmsprop32((float) learningRate, (float) alpha, (float) epsilon, (float) weightDecay, (float) momentum, (float) s, d32(params), off(params), d32(grads), off(grads),
                    d32(squareAvg), off(squareAvg), gradAvg == null ? null : d32(gradAvg), gradAvg == null ? 0 : off(gradAvg),
                    momentumBuffer == null ? null : d32(momentumBuffer), momentumBuffer == null ? 0 : off(momentumBuffer), n);
        }
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
        int n = params.size();
        if (f64) {
            AdaptiveKernels.adam64(decoupledDecay, learningRate, weightDecay, beta1, beta2, epsilon, gradCoefficient, momentCoefficient,
                    sqrtBiasCorrection2, s, d64(params), off(params), d64(grads), off(grads), d64(m), off(m), d64(v), off(v), n);
        } else {
            AdaptiveKernels.adam32(decoupledDecay, (float) learningRate, (float) weightDecay, (float) beta1, (float) beta2, (float) epsilon,
                    (float) gradCoefficient, (float) momentCoefficient, (float) sqrtBiasCorrection2, (float) s, d32(params), off(params), d32(grads), off(grads), d32(m), off(m), d32(v), off(v), n);
        }
    }

    /** Bodies of the layer operations below; see {@link LayerKernels}. */
    private final LayerKernels layerKernels = new LayerKernels();

    @Override
    public void clamp(Tensor x, double lo, double hi) {
        check(x, "clamp", "x");
        layerKernels.clamp(x, lo, hi);
    }

    @Override
    public void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        check(sumSquares, "clipScale", "sumSquares");
        check(scale, "clipScale", "scale");
        layerKernels.clipScale(sumSquares, maxNorm, scale);
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        check(a, "multiply", "a");
        check(b, "multiply", "b");
        check(out, "multiply", "out");
        layerKernels.multiply(a, b, out);
    }

    @Override
    public void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        check(mask, "dropoutMask", "mask");
        layerKernels.dropoutMask(seed, step, layer, p, mask);
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
        layerKernels.batchNormForwardTraining(x, gamma, beta, epsilon, momentum, runningMean, runningVar, out, savedMean, savedInvStd);
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
        layerKernels.batchNormForwardInference(x, gamma, beta, epsilon, runningMean, runningVar, out);
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
        layerKernels.batchNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
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
        layerKernels.layerNormForward(x, gamma, beta, epsilon, out, savedMean, savedInvStd);
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
        layerKernels.layerNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    @Override
    public void preluForward(Tensor z, Tensor alpha, Tensor out) {
        check(z, "preluForward", "z");
        check(alpha, "preluForward", "alpha");
        check(out, "preluForward", "out");
        layerKernels.preluForward(z, alpha, out);
    }

    @Override
    public void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        check(z, "preluBackward", "z");
        check(alpha, "preluBackward", "alpha");
        check(gradOut, "preluBackward", "gradOut");
        check(gradZ, "preluBackward", "gradZ");
        check(gradAlpha, "preluBackward", "gradAlpha");
        layerKernels.preluBackward(z, alpha, gradOut, gradZ, gradAlpha);
    }

    @Override
    public void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        check(z, "maxoutForward", "z");
        check(out, "maxoutForward", "out");
        check(argmax, "maxoutForward", "argmax");
        layerKernels.maxoutForward(z, k, out, argmax);
    }

    @Override
    public void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        check(gradOut, "maxoutBackward", "gradOut");
        check(argmax, "maxoutBackward", "argmax");
        check(gradZ, "maxoutBackward", "gradZ");
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
