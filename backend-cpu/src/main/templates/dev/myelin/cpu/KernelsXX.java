package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;

import java.nio.RealBuffer;
import java.util.Arrays;

/**
 * {@link Kernels} on floatXX tensors, computed in floatXX arithmetic (float32 in float, as the CUDA kernels do);
 * sums over many elements accumulate in double in a fixed order. Element-wise activations, softmax rows, the bias
 * add and column sums run over the worker pool in ranges that give the same bits for every thread count. Scratch
 * arrays grow to the largest problem seen and are reused: nothing is allocated per call after that.
 */
final class KernelsXX implements Kernels {
    /** Elements per staged chunk of an element-wise activation. */
    private static final int CHUNK = 4096;

    private final WorkerPool pool;
    private final GemmXX gemm;
    private final FlatUpdateXX update;
    private final LayerKernelsXX layers;
    private final ActivationTask activations;
    private final SoftmaxTask softmax;
    private final RowVectorTask rowVector = new RowVectorTask();
    private final ColumnSumTask columns = new ColumnSumTask();
    /** Staged rows of the row-wise losses and metrics (on the caller's thread): output, target, gradient. */
    private real[] outputRow = new real[0];
    private real[] targetRow = new real[0];
    private real[] gradRow = new real[0];

    KernelsXX(WorkerPool pool, boolean fma) {
        this.pool = pool;
        this.gemm = new GemmXX(pool, fma);
        this.update = new FlatUpdateXX(pool);
        this.layers = new LayerKernelsXX(pool);
        this.activations = new ActivationTask();
        this.softmax = new SoftmaxTask();
    }

    private static RealBuffer data(Tensor t) {
        return ((FXXStorage) t.storage()).data;
    }

    private static int off(Tensor t) {
        return (int) t.offset();
    }

    // ---------------------------------------------------------------- storage and memory

    @Override
    public Object allocate(int size) {
        return new FXXStorage(size);
    }

    @Override
    public boolean released(Object storage) {
        return ((FXXStorage) storage).released;
    }

    @Override
    public long release(Object storage) {
        FXXStorage s = (FXXStorage) storage;
        if (s.released) {
            return 0;
        }
        s.released = true;
        return (long) s.size() * Real.BYTES;
    }

    @Override
    public void upload(double[] src, int srcOffset, Tensor dst) {
        RealBuffer d = data(dst);
        int base = off(dst);
        int n = dst.size();
        for (int i = 0; i < n; i++) {
            d.put(base + i, (real) src[srcOffset + i]);
        }
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        RealBuffer d = data(dst);
        int base = off(dst);
        int n = dst.size();
        for (int i = 0; i < n; i++) {
            d.put(base + i, src[srcOffset + i]);
        }
    }

    @Override
    public void download(Tensor src, double[] dst, int dstOffset) {
        RealBuffer s = data(src);
        int base = off(src);
        int n = src.size();
        for (int i = 0; i < n; i++) {
            dst[dstOffset + i] = s.get(base + i);
        }
    }

    @Override
    public double get(Tensor t, int index) {
        return data(t).get(off(t) + index);
    }

    @Override
    public void set(Tensor t, int index, double value) {
        data(t).put(off(t) + index, (real) value);
    }

    @Override
    public void fill(Tensor t, double value) {
        RealBuffer d = data(t);
        int base = off(t);
        int n = t.size();
        real v = (real) value;
        for (int i = 0; i < n; i++) {
            d.put(base + i, v);
        }
    }

    @Override
    public void copy(Tensor src, int from, Tensor dst, int to, int n) {
        data(dst).put(off(dst) + to, data(src), off(src) + from, n);
    }

    // ---------------------------------------------------------------- BLAS-like

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        gemm.gemm(transA, transB, m, n, k, alpha, data(a), off(a), a.cols(), data(b), off(b), b.cols(), beta, data(c), off(c));
    }

    @Override
    public void addRowVector(Tensor m, Tensor row) {
        rowVector.m.at(m);
        rowVector.row.at(row);
        rowVector.cols = m.cols();
        rowVector.runOn(pool, m.rows(), 1, 2L * m.size());
    }

    /** {@code m[i, j] += row[j]} over ranges of rows. */
    private static final class RowVectorTask extends RangeTask {
        final ElementsXX m = new ElementsXX();
        final ElementsXX row = new ElementsXX();
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

    @Override
    public void columnSums(Tensor m, double beta, Tensor out) {
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

    /** Column sums over ranges of columns, each a reduction summed in double in row order. */
    private static final class ColumnSumTask extends RangeTask {
        final ElementsXX m = new ElementsXX();
        final ElementsXX out = new ElementsXX();
        int rows;
        int cols;
        double beta;

        /** Per column, grown to the widest matrix seen; threads write disjoint ranges. */
        double[] acc = new double[0];

        @Override
        void range(int part, int from, int to) {
            Arrays.fill(acc, from, to, 0.0);
            for (int i = 0; i < rows; i++) {
                int base = i * cols;
                for (int j = from; j < to; j++) {
                    acc[j] += m.get(base + j);
                }
            }
            for (int j = from; j < to; j++) {
                out.set(j, (real) (beta == 0 ? acc[j] : beta * out.get(j) + acc[j]));
            }
        }
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        RealBuffer xd = data(x);
        RealBuffer yd = data(y);
        int xo = off(x);
        int yo = off(y);
        int n = x.size();
        real a = (real) alpha;
        for (int i = 0; i < n; i++) {
            yd.put(yo + i, yd.get(yo + i) + a * xd.get(xo + i));
        }
    }

    @Override
    public void scale(Tensor x, double alpha) {
        RealBuffer xd = data(x);
        int xo = off(x);
        int n = x.size();
        real a = (real) alpha;
        for (int i = 0; i < n; i++) {
            xd.put(xo + i, xd.get(xo + i) * a);
        }
    }

    /** A reduction: the squares are summed in double in index order. */
    @Override
    public double sumOfSquares(Tensor x) {
        RealBuffer xd = data(x);
        int xo = off(x);
        int n = x.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = xd.get(xo + i);
            s += v * v;
        }
        return s;
    }

    /** A reduction: summed in double in index order. */
    @Override
    public double sumOfAbs(Tensor x) {
        RealBuffer xd = data(x);
        int xo = off(x);
        int n = x.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(xd.get(xo + i));
        }
        return s;
    }

    @Override
    public void addSign(double lambda, Tensor x, Tensor y) {
        RealBuffer xd = data(x);
        RealBuffer yd = data(y);
        int xo = off(x);
        int yo = off(y);
        int n = x.size();
        real l = (real) lambda;
        for (int i = 0; i < n; i++) {
            real v = xd.get(xo + i);
            yd.put(yo + i, yd.get(yo + i) + (v > 0 ? l : v < 0 ? -l : 0));
        }
    }

    @Override
    public long countNonFinite(Tensor x) {
        RealBuffer xd = data(x);
        int xo = off(x);
        int n = x.size();
        long count = 0;
        for (int i = 0; i < n; i++) {
            if (!Real.isFinite(xd.get(xo + i))) {
                count++;
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- activations

    @Override
    public void activationForward(ActivationKind kind, double alpha, Tensor z, Tensor out) {
        if (kind == ActivationKind.SOFTMAX) {
            softmax.run(true, z, null, out);
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
    public void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ) {
        if (kind == ActivationKind.SOFTMAX) {
            softmax.run(false, out, gradOut, gradZ);
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
     * An element-wise activation, forward or backward, over ranges of whole chunks: each thread stages a chunk into
     * its own arrays, runs {@link ElementMathXX} on them and writes the result back.
     */
    private final class ActivationTask extends RangeTask {
        boolean forward;
        ActivationKind kind;
        double alpha;
        final ElementsXX z = new ElementsXX();
        final ElementsXX gradOut = new ElementsXX();
        final ElementsXX out = new ElementsXX();
        private final real[][][] buffers = new real[pool.threads()][3][CHUNK];

        @Override
        void range(int part, int from, int to) {
            if (kind == ActivationKind.RELU) { // one pass on the buffers, the same formulas as ElementMathXX's
                for (int i = from; i < to; i++) {
                    out.set(i, forward ? Math.max(z.get(i), 0) : z.get(i) > 0 ? gradOut.get(i) : 0);
                }
                return;
            }
            real[][] b = buffers[part];
            for (int s = from; s < to; s += CHUNK) {
                int len = Math.min(CHUNK, to - s);
                z.read(s, b[0], len);
                if (forward) {
                    ElementMathXX.forward(kind, alpha, b[0], 0, b[2], 0, len);
                } else {
                    gradOut.read(s, b[1], len);
                    ElementMathXX.backward(kind, alpha, b[0], 0, b[1], 0, b[2], 0, len);
                }
                out.write(s, b[2], len);
            }
        }
    }

    /** Softmax forward ({@code x} = z) or backward ({@code x} = out, with gradOut) over ranges of rows. */
    private final class SoftmaxTask extends RangeTask {
        private boolean forward;
        private int cols;
        private final ElementsXX x = new ElementsXX();
        private final ElementsXX gradOut = new ElementsXX();
        private final ElementsXX result = new ElementsXX();
        /** Per thread: two staged rows, grown to the widest row seen. */
        private final real[][][] rows = new real[pool.threads()][2][0];

        void run(boolean forward, Tensor x, Tensor gradOut, Tensor result) {
            this.forward = forward;
            this.cols = x.cols();
            this.x.at(x);
            if (gradOut != null) {
                this.gradOut.at(gradOut);
            }
            this.result.at(result);
            for (real[][] r : rows) {
                if (r[0].length < cols) {
                    r[0] = new real[cols];
                    r[1] = new real[cols];
                }
            }
            runOn(pool, x.rows(), 1, 3L * x.size());
        }

        @Override
        void range(int part, int from, int to) {
            real[] a = rows[part][0];
            real[] g = rows[part][1];
            for (int i = from; i < to; i++) {
                int s = i * cols;
                x.read(s, a, cols);
                if (forward) {
                    ElementMathXX.softmaxRow(a, 0, a, 0, cols);
                    result.write(s, a, cols);
                } else {
                    gradOut.read(s, g, cols);
                    ElementMathXX.softmaxBackwardRow(a, 0, g, 0, g, 0, cols);
                    result.write(s, g, cols);
                }
            }
        }
    }

    // ---------------------------------------------------------------- losses and metrics

    private void rows(int k, int tk) {
        if (outputRow.length < k) {
            outputRow = new real[k];
            gradRow = new real[k];
        }
        if (targetRow.length < tk) {
            targetRow = new real[tk];
        }
    }

    /** The rows' losses are added in double in row order: a reduction. */
    @Override
    public double loss(LossSpec loss, Tensor output, Tensor target) {
        int k = output.cols();
        int tk = target.cols();
        rows(k, tk);
        RealBuffer o = data(output);
        RealBuffer t = data(target);
        double total = 0;
        for (int i = 0; i < output.rows(); i++) {
            o.get(off(output) + i * k, outputRow, 0, k);
            t.get(off(target) + i * tk, targetRow, 0, tk);
            total += ElementMathXX.loss(loss, i, outputRow, 0, targetRow, 0, k);
        }
        return total;
    }

    @Override
    public void lossGradient(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
        int k = output.cols();
        int tk = target.cols();
        rows(k, tk);
        RealBuffer o = data(output);
        RealBuffer t = data(target);
        RealBuffer g = data(grad);
        for (int i = 0; i < output.rows(); i++) {
            o.get(off(output) + i * k, outputRow, 0, k);
            t.get(off(target) + i * tk, targetRow, 0, tk);
            ElementMathXX.lossGradient(loss, i, outputRow, 0, targetRow, 0, k, scale, gradRow, 0);
            g.put(off(grad) + i * k, gradRow, 0, k);
        }
    }

    private static int argmax(real[] x, int n) {
        int best = 0;
        real max = x[0];
        for (int j = 1; j < n; j++) {
            if (x[j] > max) {
                max = x[j];
                best = j;
            }
        }
        return best;
    }

    @Override
    public long countCorrect(Tensor output, Tensor target, double threshold) {
        int k = output.cols();
        int tk = target.cols();
        rows(k, tk);
        RealBuffer o = data(output);
        RealBuffer t = data(target);
        long correct = 0;
        for (int i = 0; i < output.rows(); i++) {
            real[] oa = outputRow;
            real[] ta = targetRow;
            o.get(off(output) + i * k, oa, 0, k);
            t.get(off(target) + i * tk, ta, 0, tk);
            boolean right;
            if (k == 1) {
                right = (oa[0] > threshold) == (ta[0] > 0.5);
            } else if (tk == 1) {
                right = argmax(oa, k) == ta[0];
            } else {
                right = argmax(oa, k) == argmax(ta, tk);
            }
            if (right) {
                correct++;
            }
        }
        return correct;
    }

    @Override
    public void argmaxRows(Tensor output, Tensor predicted) {
        int k = output.cols();
        rows(k, 1);
        RealBuffer o = data(output);
        RealBuffer p = data(predicted);
        for (int i = 0; i < output.rows(); i++) {
            o.get(off(output) + i * k, outputRow, 0, k);
            p.put(off(predicted) + i, argmax(outputRow, k));
        }
    }

    // ---------------------------------------------------------------- optimisers and layers

    @Override
    public FlatUpdate update() {
        return update;
    }

    @Override
    public LayerKernels layers() {
        return layers;
    }
}
