package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.Tensors;

import java.nio.RealBuffer;
import java.util.Arrays;

/**
 * {@link Kernels} on floatXX tensors, computed in floatXX arithmetic (float32 in float, as the CUDA kernels do);
 * sums over many elements accumulate in double in a fixed order. Element-wise activations, softmax rows, losses and
 * their gradients (rows), the bias add, column sums and the Σx², Σ|x| reductions run over the worker pool in ranges that give the same bits
 * for every thread count. Scratch
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
    private final LossTask losses;
    private final RowVectorTask rowVector = new RowVectorTask();
    private final ColumnSumTask columns = new ColumnSumTask();
    private final BiasActivationTask biasActivation;
    private final ChunkSumTask chunkSums = new ChunkSumTask();
    /** Staged rows of the row-wise metrics (on the caller's thread): output, target. */
    private real[] outputRow = new real[0];
    private real[] targetRow = new real[0];
    /** Windows on the operands of the element and row loops that run on the caller's thread. */
    private final ElementsXX first = new ElementsXX();
    private final ElementsXX second = new ElementsXX();

    KernelsXX(WorkerPool pool, boolean fma) {
        this.pool = pool;
        this.gemm = new GemmXX(pool, fma);
        this.update = new FlatUpdateXX(pool);
        this.layers = new LayerKernelsXX(pool);
        this.activations = new ActivationTask();
        this.softmax = new SoftmaxTask();
        this.losses = new LossTask();
        this.biasActivation = new BiasActivationTask(rowVector, activations);
    }

    private static RealBuffer data(Tensor t) {
        return ((FXXStorage) Tensors.storage(t)).data;
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
        ElementsXX d = first.at(dst);
        for (int i = 0, n = dst.size(); i < n; i++) {
            d.set(i, (real) src[srcOffset + i]);
        }
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        ElementsXX d = first.at(dst);
        for (int i = 0, n = dst.size(); i < n; i++) {
            d.set(i, src[srcOffset + i]);
        }
    }

    @Override
    public void download(Tensor src, double[] dst, int dstOffset) {
        ElementsXX s = first.at(src);
        for (int i = 0, n = src.size(); i < n; i++) {
            dst[dstOffset + i] = s.get(i);
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
        ElementsXX ts = first.at(t);
        real v = (real) value;
        for (int i = 0, n = t.size(); i < n; i++) {
            ts.set(i, v);
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
        aimRowVector(m, row);
        rowVector.runOn(pool, m.rows(), 1, 2L * m.size());
    }

    private void aimRowVector(Tensor m, Tensor row) {
        rowVector.m.at(m);
        rowVector.row.at(row);
        rowVector.cols = m.cols();
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
        sumColumns(m, beta, out, null, m.size());
    }

    /** Runs {@link ColumnSumTask} over {@code m}'s columns, after {@code rowFirst} row by row when it is not null. */
    private void sumColumns(Tensor m, double beta, Tensor out, RangeTask rowFirst, long work) {
        columns.m.at(m);
        columns.out.at(out);
        columns.rows = m.rows();
        columns.cols = m.cols();
        columns.beta = beta;
        columns.rowFirst = rowFirst;
        if (columns.acc.length < m.cols()) {
            columns.acc = new double[m.cols()];
        }
        columns.runOn(pool, m.cols(), 1, work);
    }

    /**
     * Column sums over ranges of columns, each a reduction summed in double in row order. With {@link #rowFirst}
     * set (a dense layer's backward), each row's part of the range first gets its activation gradient from that
     * (aimed) task and is summed while in the cache: the bits of {@link #activationBackward} followed by
     * {@link #columnSums} with β = 0, for every thread count, without reading the gradient back from memory.
     */
    private static final class ColumnSumTask extends RangeTask {
        final ElementsXX m = new ElementsXX();
        final ElementsXX out = new ElementsXX();
        int rows;
        int cols;
        double beta;
        /** The activation gradient to compute into {@code m} row by row before summing, or null. */
        RangeTask rowFirst;

        /** Per column, grown to the widest matrix seen; threads write disjoint ranges. */
        double[] acc = new double[0];

        @Override
        void range(int part, int from, int to) {
            Arrays.fill(acc, from, to, 0.0);
            for (int i = 0; i < rows; i++) {
                int base = i * cols;
                if (rowFirst != null) {
                    rowFirst.range(part, base + from, base + to);
                }
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
        ElementsXX xs = first.at(x);
        ElementsXX ys = second.at(y);
        real a = (real) alpha;
        for (int i = 0, n = x.size(); i < n; i++) {
            ys.set(i, ys.get(i) + a * xs.get(i));
        }
    }

    @Override
    public void scale(Tensor x, double alpha) {
        ElementsXX xs = first.at(x);
        real a = (real) alpha;
        for (int i = 0, n = x.size(); i < n; i++) {
            xs.set(i, xs.get(i) * a);
        }
    }

    /** A reduction: the squares summed in double, chunk by chunk over the worker pool (see {@link ChunkSumTask}). */
    @Override
    public double sumOfSquares(Tensor x) {
        return chunkSums.sum(x, true);
    }

    /** A reduction: the absolute values summed in double, chunk by chunk over the worker pool. */
    @Override
    public double sumOfAbs(Tensor x) {
        return chunkSums.sum(x, false);
    }

    /**
     * Σ x² or Σ |x| over all of a tensor (the clip norms and the L2/L1 penalties). Each chunk of
     * {@link #SUM_CHUNK} elements is summed in double in index order on whichever thread runs it, and the chunks'
     * sums are then added in chunk order on the caller's thread, so the bits are the same for every thread count
     * (and, up to one chunk, those of a plain index-order sum).
     */
    private final class ChunkSumTask extends RangeTask {
        static final int SUM_CHUNK = 8192;
        final ElementsXX xs = new ElementsXX();
        boolean squares;
        int n;
        /** Per chunk, grown to the largest tensor seen; threads write disjoint chunks. */
        double[] chunkSum = new double[0];

        double sum(Tensor x, boolean squares) {
            xs.at(x);
            this.squares = squares;
            this.n = x.size();
            int chunks = (n + SUM_CHUNK - 1) / SUM_CHUNK;
            if (chunkSum.length < chunks) {
                chunkSum = new double[chunks];
            }
            runOn(pool, n, SUM_CHUNK, n);
            double total = 0;
            for (int c = 0; c < chunks; c++) {
                total += chunkSum[c];
            }
            return total;
        }

        @Override
        void range(int part, int from, int to) {
            for (int start = from; start < to; start += SUM_CHUNK) {
                int end = Math.min(to, start + SUM_CHUNK);
                double s = 0;
                if (squares) {
                    for (int i = start; i < end; i++) {
                        double v = xs.get(i);
                        s += v * v;
                    }
                } else {
                    for (int i = start; i < end; i++) {
                        s += Math.abs(xs.get(i));
                    }
                }
                chunkSum[start / SUM_CHUNK] = s;
            }
        }
    }

    @Override
    public void addSign(double lambda, Tensor x, Tensor y) {
        ElementsXX xs = first.at(x);
        ElementsXX ys = second.at(y);
        real l = (real) lambda;
        for (int i = 0, n = x.size(); i < n; i++) {
            real v = xs.get(i);
            ys.set(i, ys.get(i) + (v > 0 ? l : v < 0 ? -l : 0));
        }
    }

    @Override
    public long countNonFinite(Tensor x) {
        ElementsXX xs = first.at(x);
        long count = 0;
        for (int i = 0, n = x.size(); i < n; i++) {
            if (!Real.isFinite(xs.get(i))) {
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
        } else {
            activations.run(true, kind, alpha, z, null, out);
        }
    }

    @Override
    public void activationBackward(ActivationKind kind, double alpha, Tensor z, Tensor out, Tensor gradOut, Tensor gradZ) {
        if (kind == ActivationKind.SOFTMAX) {
            softmax.run(false, out, gradOut, gradZ);
        } else {
            activations.run(false, kind, alpha, z, gradOut, gradZ);
        }
    }

    @Override
    public void addRowVectorActivation(ActivationKind kind, double alpha, Tensor z, Tensor bias, Tensor out) {
        aimRowVector(z, bias);
        activations.aim(true, kind, alpha, z, null, out);
        biasActivation.cols = z.cols();
        biasActivation.runOn(pool, z.rows(), 1, 3L * z.size());
    }

    @Override
    public void activationBackwardColumnSums(ActivationKind kind, double alpha, Tensor z, Tensor gradOut, Tensor gradZ, Tensor biasGradient) {
        activations.aim(false, kind, alpha, z, gradOut, gradZ);
        sumColumns(gradZ, 0.0, biasGradient, activations, 3L * z.size());
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

        /** Forward ({@code result} = f(z)) or backward ({@code result} = gradOut·f'(z)) over all elements of z. */
        void run(boolean forward, ActivationKind kind, double alpha, Tensor z, Tensor gradOut, Tensor result) {
            aim(forward, kind, alpha, z, gradOut, result);
            runOn(pool, z.size(), CHUNK, (forward ? 2L : 3L) * z.size());
        }

        /** Sets the operands of {@link #run} without running, for a task that calls {@link #range} itself. */
        void aim(boolean forward, ActivationKind kind, double alpha, Tensor z, Tensor gradOut, Tensor result) {
            this.forward = forward;
            this.kind = kind;
            this.alpha = alpha;
            this.z.at(z);
            if (gradOut != null) {
                this.gradOut.at(gradOut);
            }
            this.out.at(result);
        }

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

    /** Aims {@link #first} at {@code output} and {@link #second} at {@code target}, with row arrays for their widths. */
    private void rows(Tensor output, Tensor target) {
        first.at(output);
        second.at(target);
        if (outputRow.length < output.cols()) {
            outputRow = new real[output.cols()];
        }
        if (targetRow.length < target.cols()) {
            targetRow = new real[target.cols()];
        }
    }

    /** Stages row {@code i} of the output ({@code k} wide) and of the target ({@code tk} wide) aimed at by {@link #rows}. */
    private void stage(int i, int k, int tk) {
        first.read(i * k, outputRow, k);
        second.read(i * tk, targetRow, tk);
    }

    /** Each row's loss (over the worker pool), then the rows added in double in row order: a reduction. */
    @Override
    public double loss(LossSpec loss, Tensor output, Tensor target) {
        losses.run(true, loss, output, target, 0, null);
        double total = 0;
        for (int i = 0, n = output.rows(); i < n; i++) {
            total += losses.rowLoss[i];
        }
        return total;
    }

    @Override
    public void lossGradient(LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
        losses.run(false, loss, output, target, scale, grad);
    }

    /** A loss (forward: each row's value into {@link #rowLoss}) or its gradient, over ranges of rows. */
    private final class LossTask extends RangeTask {
        private boolean forward;
        private LossSpec loss;
        private double scale;
        private int k;
        private int tk;
        private final ElementsXX output = new ElementsXX();
        private final ElementsXX target = new ElementsXX();
        private final ElementsXX grad = new ElementsXX();
        /** Per thread: staged output, target and gradient rows, grown to the widest seen. */
        private final real[][][] staged = new real[pool.threads()][3][0];
        /** The loss of each row of the last forward call, grown to the largest batch seen. */
        double[] rowLoss = new double[0];

        void run(boolean forward, LossSpec loss, Tensor output, Tensor target, double scale, Tensor grad) {
            this.forward = forward;
            this.loss = loss;
            this.scale = scale;
            this.k = output.cols();
            this.tk = target.cols();
            this.output.at(output);
            this.target.at(target);
            if (grad != null) {
                this.grad.at(grad);
            }
            for (real[][] r : staged) {
                if (r[0].length < k || r[1].length < tk) {
                    r[0] = new real[Math.max(k, r[0].length)];
                    r[1] = new real[Math.max(tk, r[1].length)];
                    r[2] = new real[r[0].length];
                }
            }
            int n = output.rows();
            if (forward && rowLoss.length < n) {
                rowLoss = new double[n];
            }
            if (ElementMathXX.sparse(loss)) { // the first bad class index is reported, whatever the split
                for (int i = 0; i < n; i++) {
                    ElementMathXX.classIndex(this.target.get(i), i, k);
                }
            }
            runOn(pool, n, 1, 4L * output.size());
        }

        @Override
        void range(int part, int from, int to) {
            real[] o = staged[part][0];
            real[] t = staged[part][1];
            real[] g = staged[part][2];
            for (int i = from; i < to; i++) {
                output.read(i * k, o, k);
                target.read(i * tk, t, tk);
                if (forward) {
                    rowLoss[i] = ElementMathXX.loss(loss, i, o, 0, t, 0, k);
                } else {
                    ElementMathXX.lossGradient(loss, i, o, 0, t, 0, k, scale, g, 0);
                    grad.write(i * k, g, k);
                }
            }
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
        rows(output, target);
        real[] o = outputRow;
        real[] t = targetRow;
        long correct = 0;
        for (int i = 0; i < output.rows(); i++) {
            stage(i, k, tk);
            boolean right;
            if (k == 1) {
                right = (o[0] > threshold) == (t[0] > 0.5);
            } else if (tk == 1) {
                right = argmax(o, k) == t[0];
            } else {
                right = argmax(o, k) == argmax(t, tk);
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
        first.at(output);
        if (outputRow.length < k) {
            outputRow = new real[k];
        }
        int[] classes = Int32Storage.data(predicted);
        int at = Int32Storage.offset(predicted);
        for (int i = 0; i < output.rows(); i++) {
            first.read(i * k, outputRow, k);
            classes[at + i] = argmax(outputRow, k);
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
