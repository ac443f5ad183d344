package dev.myelin.cpu;

import dev.myelin.backend.Tensor;
import dev.myelin.random.DropoutStream;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * CPU bodies of the layer operations of {@link dev.myelin.backend.Backend}: batch norm, layer norm,
 * PReLU, maxout, dropout masks, element-wise product, clamping and the clipping scale.
 *
 * <p>Tensors reach this class already checked by {@link CpuBackend} through the shared validators of
 * {@link dev.myelin.backend.spi.LayerChecks} and {@link dev.myelin.backend.spi.OptimiserChecks} (live, of this
 * backend, shapes and arguments); arg-max values of maxout, which only a kernel reads, are checked here. Batch norm (training forward and backward), dropout masks and the element-wise product run
 * over the worker pool (features, or whole chunks of elements, split into contiguous ranges) reading and writing
 * the buffers in place; the other kernels run on the caller's thread on a double scratch copy of a float32
 * tensor. Either way the math is in double and a float32 result is rounded once when written. Statistics
 * accumulate in double in row order per feature, so results do not depend on the thread count. Scratch arrays
 * grow to the largest problem seen and are reused: nothing is allocated per call after that.
 */
final class LayerKernels {
    private static final int CHUNK = 4096;
    /** Added to the norm by {@code clipScale}, as in PyTorch's {@code clip_grad_norm_}. */
    private static final double CLIP_EPSILON = 1e-6;

    private final WorkerPool pool;
    private final BatchNormForward bnForward;
    private final BatchNormBackward bnBackward;
    private final DropoutTask dropout;
    private final MultiplyTask multiply;
    private final double[][] slots = new double[8][];
    private double[] accA = new double[0];
    private double[] accB = new double[0];

    /** Kernels whose batch norm, dropout masks and element-wise products run over {@code pool}. */
    LayerKernels(WorkerPool pool) {
        this.pool = pool;
        this.bnForward = new BatchNormForward();
        this.bnBackward = new BatchNormBackward();
        this.dropout = new DropoutTask();
        this.multiply = new MultiplyTask();
    }

    // ---------------------------------------------------------------- float32/float64 access

    private static boolean f64(Tensor t) {
        return t.storage() instanceof F64Storage;
    }

    private static int off(Tensor t) {
        return (int) t.offset();
    }

    private double[] slot(int s, int n) {
        double[] buf = slots[s];
        if (buf == null || buf.length < n) {
            buf = new double[Math.max(n, CHUNK)];
            slots[s] = buf;
        }
        return buf;
    }

    /** All of {@code t} as doubles, copied (float32: widened) into slot {@code s}. Index with {@link #base}. */
    private double[] read(Tensor t, int s) {
        int n = t.size();
        int o = off(t);
        double[] buf = slot(s, n);
        if (f64(t)) {
            ((F64Storage) t.storage()).data.get(o, buf, 0, n);
        } else {
            FloatBuffer src = ((F32Storage) t.storage()).data;
            for (int i = 0; i < n; i++) {
                buf[i] = src.get(o + i);
            }
        }
        return buf;
    }

    /** Where to write all of {@code t}: slot {@code s}, then {@link #commit}. */
    private double[] write(Tensor t, int s) {
        return slot(s, t.size());
    }

    /** Index of element 0 of {@code t} in the array {@link #read} or {@link #write} returned for it: 0, a staged copy. */
    private static int base(Tensor t) {
        return 0;
    }

    /** Writes slot {@code s} into {@code t}, rounding once to float32 where needed. */
    private void commit(Tensor t, int s) {
        int n = t.size();
        int o = off(t);
        double[] buf = slots[s];
        if (f64(t)) {
            ((F64Storage) t.storage()).data.put(o, buf, 0, n);
        } else {
            FloatBuffer dst = ((F32Storage) t.storage()).data;
            for (int i = 0; i < n; i++) {
                dst.put(o + i, (float) buf[i]);
            }
        }
    }

    private void accumulators(int n) {
        if (accA.length < n) {
            accA = new double[n];
            accB = new double[n];
        }
    }

    // ---------------------------------------------------------------- batch norm

    void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum, Tensor runningMean,
                                  Tensor runningVar, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        int n = x.rows();
        int d = x.cols();
        accumulators(d);
        BatchNormForward t = bnForward;
        t.n = n;
        t.d = d;
        t.epsilon = epsilon;
        t.momentum = momentum;
        t.x.at(x);
        t.gamma.at(gamma);
        t.beta.at(beta);
        t.runningMean.at(runningMean);
        t.runningVar.at(runningVar);
        t.out.at(out);
        t.savedMean.at(savedMean);
        t.savedInvStd.at(savedInvStd);
        t.runOn(pool, d, 1, 3L * n * d);
    }

    /**
     * Batch-norm forward (training) over a range of features: statistics summed in double over the rows in row
     * order, so each feature's bits do not depend on how the features are split over threads.
     */
    private final class BatchNormForward extends RangeTask {
        int n;
        int d;
        double epsilon;
        double momentum;
        final Elements x = new Elements();
        final Elements gamma = new Elements();
        final Elements beta = new Elements();
        final Elements runningMean = new Elements();
        final Elements runningVar = new Elements();
        final Elements out = new Elements();
        final Elements savedMean = new Elements();
        final Elements savedInvStd = new Elements();

        @Override
        void range(int part, int j0, int j1) {
            double[] mean = accA;
            double[] var = accB;
            java.util.Arrays.fill(mean, j0, j1, 0.0);
            java.util.Arrays.fill(var, j0, j1, 0.0);
            for (int i = 0; i < n; i++) {
                int row = i * d;
                for (int j = j0; j < j1; j++) {
                    mean[j] += x.get(row + j);
                }
            }
            for (int j = j0; j < j1; j++) {
                mean[j] /= n;
            }
            for (int i = 0; i < n; i++) {
                int row = i * d;
                for (int j = j0; j < j1; j++) {
                    double c = x.get(row + j) - mean[j];
                    var[j] += c * c;
                }
            }
            double unbiased = (double) n / (n - 1);
            for (int j = j0; j < j1; j++) {
                var[j] /= n;
                savedMean.set(j, mean[j]);
                runningMean.set(j, (1 - momentum) * runningMean.get(j) + momentum * mean[j]);
                runningVar.set(j, (1 - momentum) * runningVar.get(j) + momentum * var[j] * unbiased);
                var[j] = 1.0 / Math.sqrt(var[j] + epsilon); // from here on: the inverse standard deviation
                savedInvStd.set(j, var[j]);
            }
            for (int i = 0; i < n; i++) {
                int row = i * d;
                for (int j = j0; j < j1; j++) {
                    out.set(row + j, (x.get(row + j) - mean[j]) * var[j] * gamma.get(j) + beta.get(j));
                }
            }
        }
    }

    void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean, Tensor runningVar, Tensor out) {
        int n = x.rows();
        int d = x.cols();
        accumulators(d);
        double[] scale = accA;
        double[] shift = accB;
        double[] g = read(gamma, 1);
        int go = base(gamma);
        double[] rm = read(runningMean, 2);
        int rmo = base(runningMean);
        double[] rv = read(runningVar, 3);
        int rvo = base(runningVar);
        for (int j = 0; j < d; j++) {
            scale[j] = 1.0 / Math.sqrt(rv[rvo + j] + epsilon);
            shift[j] = rm[rmo + j];
        }
        double[] b = read(beta, 4);
        int bo = base(beta);
        double[] xa = read(x, 0);
        int xo = base(x);
        double[] o = write(out, 5);
        int oo = base(out);
        for (int i = 0; i < n; i++) {
            int row = xo + i * d;
            int orow = oo + i * d;
            for (int j = 0; j < d; j++) {
                o[orow + j] = (xa[row + j] - shift[j]) * scale[j] * g[go + j] + b[bo + j];
            }
        }
        commit(out, 5);
    }

    void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                           Tensor gradBeta) {
        int n = x.rows();
        int d = x.cols();
        accumulators(d);
        BatchNormBackward t = bnBackward;
        t.n = n;
        t.d = d;
        t.x.at(x);
        t.gradOut.at(gradOut);
        t.gamma.at(gamma);
        t.savedMean.at(savedMean);
        t.savedInvStd.at(savedInvStd);
        t.gradX.at(gradX);
        t.gradGamma.at(gradGamma);
        t.gradBeta.at(gradBeta);
        t.runOn(pool, d, 1, 4L * n * d);
    }

    /** Batch-norm backward over a range of features; sums in double over the rows in row order. */
    private final class BatchNormBackward extends RangeTask {
        int n;
        int d;
        final Elements x = new Elements();
        final Elements gradOut = new Elements();
        final Elements gamma = new Elements();
        final Elements savedMean = new Elements();
        final Elements savedInvStd = new Elements();
        final Elements gradX = new Elements();
        final Elements gradGamma = new Elements();
        final Elements gradBeta = new Elements();

        @Override
        void range(int part, int j0, int j1) {
            double[] sumDy = accA;
            double[] sumDyXhat = accB;
            java.util.Arrays.fill(sumDy, j0, j1, 0.0);
            java.util.Arrays.fill(sumDyXhat, j0, j1, 0.0);
            for (int i = 0; i < n; i++) {
                int row = i * d;
                for (int j = j0; j < j1; j++) {
                    double v = gradOut.get(row + j);
                    sumDy[j] += v;
                    sumDyXhat[j] += v * (x.get(row + j) - savedMean.get(j)) * savedInvStd.get(j);
                }
            }
            for (int j = j0; j < j1; j++) {
                gradGamma.set(j, sumDyXhat[j]);
                gradBeta.set(j, sumDy[j]);
            }
            for (int i = 0; i < n; i++) {
                int row = i * d;
                for (int j = j0; j < j1; j++) {
                    double inv = savedInvStd.get(j);
                    double xhat = (x.get(row + j) - savedMean.get(j)) * inv;
                    gradX.set(row + j, gamma.get(j) * inv * (gradOut.get(row + j) - sumDy[j] / n - xhat * sumDyXhat[j] / n));
                }
            }
        }
    }

    void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        int n = x.rows();
        int d = x.cols();
        double[] xa = read(x, 0);
        int xo = base(x);
        double[] g = read(gamma, 1);
        int go = base(gamma);
        double[] b = read(beta, 2);
        int bo = base(beta);
        double[] sm = write(savedMean, 3);
        int smo = base(savedMean);
        double[] ss = write(savedInvStd, 4);
        int sso = base(savedInvStd);
        double[] o = write(out, 5);
        int oo = base(out);
        for (int i = 0; i < n; i++) {
            int row = xo + i * d;
            double mean = 0;
            for (int j = 0; j < d; j++) {
                mean += xa[row + j];
            }
            mean /= d;
            double var = 0;
            for (int j = 0; j < d; j++) {
                double c = xa[row + j] - mean;
                var += c * c;
            }
            var /= d;
            double inv = 1.0 / Math.sqrt(var + epsilon);
            sm[smo + i] = mean;
            ss[sso + i] = inv;
            int orow = oo + i * d;
            for (int j = 0; j < d; j++) {
                o[orow + j] = (xa[row + j] - mean) * inv * g[go + j] + b[bo + j];
            }
        }
        commit(out, 5);
        commit(savedMean, 3);
        commit(savedInvStd, 4);
    }

    void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                           Tensor gradBeta) {
        int n = x.rows();
        int d = x.cols();
        accumulators(d);
        double[] sumDy = accA;
        double[] sumDyXhat = accB;
        java.util.Arrays.fill(sumDy, 0, d, 0.0);
        java.util.Arrays.fill(sumDyXhat, 0, d, 0.0);
        double[] xa = read(x, 0);
        int xo = base(x);
        double[] dy = read(gradOut, 1);
        int dyo = base(gradOut);
        double[] g = read(gamma, 2);
        int go = base(gamma);
        double[] mu = read(savedMean, 3);
        int muo = base(savedMean);
        double[] is = read(savedInvStd, 4);
        int iso = base(savedInvStd);
        double[] dx = write(gradX, 5);
        int dxo = base(gradX);
        for (int i = 0; i < n; i++) {
            int row = xo + i * d;
            int drow = dyo + i * d;
            double mean = mu[muo + i];
            double inv = is[iso + i];
            double a = 0;
            double c = 0;
            for (int j = 0; j < d; j++) {
                double v = dy[drow + j];
                double xhat = (xa[row + j] - mean) * inv;
                sumDy[j] += v;
                sumDyXhat[j] += v * xhat;
                double dxhat = v * g[go + j];
                a += dxhat;
                c += dxhat * xhat;
            }
            int xrow = dxo + i * d;
            for (int j = 0; j < d; j++) {
                double xhat = (xa[row + j] - mean) * inv;
                dx[xrow + j] = inv * (dy[drow + j] * g[go + j] - a / d - xhat * c / d);
            }
        }
        commit(gradX, 5);
        double[] gg = write(gradGamma, 6);
        int ggo = base(gradGamma);
        double[] gb = write(gradBeta, 7);
        int gbo = base(gradBeta);
        for (int j = 0; j < d; j++) {
            gg[ggo + j] = sumDyXhat[j];
            gb[gbo + j] = sumDy[j];
        }
        commit(gradGamma, 6);
        commit(gradBeta, 7);
    }

    // ---------------------------------------------------------------- PReLU

    void preluForward(Tensor z, Tensor alpha, Tensor out) {
        int n = z.rows();
        int d = z.cols();
        double[] za = read(z, 0);
        int zo = base(z);
        double[] al = read(alpha, 1);
        int ao = base(alpha);
        double[] o = write(out, 2);
        int oo = base(out);
        for (int i = 0; i < n; i++) {
            int row = zo + i * d;
            int orow = oo + i * d;
            for (int j = 0; j < d; j++) {
                double v = za[row + j];
                o[orow + j] = v > 0 ? v : al[ao + j] * v;
            }
        }
        commit(out, 2);
    }

    void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        int n = z.rows();
        int d = z.cols();
        accumulators(d);
        double[] sum = accA;
        java.util.Arrays.fill(sum, 0, d, 0.0);
        double[] za = read(z, 0);
        int zo = base(z);
        double[] al = read(alpha, 1);
        int ao = base(alpha);
        double[] dy = read(gradOut, 2);
        int dyo = base(gradOut);
        double[] dz = write(gradZ, 3);
        int dzo = base(gradZ);
        for (int i = 0; i < n; i++) {
            int row = zo + i * d;
            int drow = dyo + i * d;
            int zrow = dzo + i * d;
            for (int j = 0; j < d; j++) {
                double v = za[row + j];
                double g = dy[drow + j];
                if (v > 0) {
                    dz[zrow + j] = g;
                } else {
                    dz[zrow + j] = al[ao + j] * g;
                    sum[j] += g * v;
                }
            }
        }
        commit(gradZ, 3);
        double[] ga = write(gradAlpha, 4);
        int gao = base(gradAlpha);
        for (int j = 0; j < d; j++) {
            ga[gao + j] = sum[j];
        }
        commit(gradAlpha, 4);
    }

    // ---------------------------------------------------------------- maxout

    void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        int n = z.rows();
        int units = out.cols();
        double[] za = read(z, 0);
        int zo = base(z);
        double[] o = write(out, 1);
        int oo = base(out);
        double[] am = write(argmax, 2);
        int amo = base(argmax);
        int w = units * k;
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < units; u++) {
                int first = zo + i * w + u * k;
                double max = za[first];
                int best = 0;
                for (int r = 1; r < k; r++) {
                    if (za[first + r] > max) {
                        max = za[first + r];
                        best = r;
                    }
                }
                o[oo + i * units + u] = max;
                am[amo + i * units + u] = best;
            }
        }
        commit(out, 1);
        commit(argmax, 2);
    }

    void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        String op = "maxoutBackward";
        int n = gradOut.rows();
        int units = gradOut.cols();
        double[] dy = read(gradOut, 0);
        int dyo = base(gradOut);
        double[] am = read(argmax, 1);
        int amo = base(argmax);
        double[] dz = write(gradZ, 2);
        int dzo = base(gradZ);
        int w = units * k;
        java.util.Arrays.fill(dz, dzo, dzo + n * w, 0.0);
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < units; u++) {
                double a = am[amo + i * units + u];
                if (!(a >= 0 && a < k)) { // decided before the cast: (int) would turn NaN and −0.5 into 0
                    throw new IllegalArgumentException(op + ": argmax[" + i + ", " + u + "] = " + a + " is outside [0, " + k + ")");
                }
                int r = (int) a;
                dz[dzo + i * w + u * k + r] = dy[dyo + i * units + u];
            }
        }
        commit(gradZ, 2);
    }

    // ---------------------------------------------------------------- dropout and element-wise

    void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        DropoutTask t = dropout;
        t.seed = seed;
        t.step = step;
        t.layer = layer;
        t.p = p;
        t.scale = 1.0 / (1.0 - p);
        t.mask.at(mask);
        t.runOn(pool, mask.size(), CHUNK, 8L * mask.size());
    }

    /** Dropout masks over ranges of whole chunks: each chunk is the same {@link DropoutStream} call whatever the split. */
    private final class DropoutTask extends RangeTask {
        long seed;
        long step;
        int layer;
        double p;
        double scale;
        final Elements mask = new Elements();
        private final double[][] buffers = new double[pool.threads()][CHUNK];
        private final int[][] philox = new int[pool.threads()][4];

        @Override
        void range(int part, int from, int to) {
            double[] buf = buffers[part];
            for (int s = from; s < to; s += CHUNK) {
                int len = Math.min(CHUNK, to - s);
                DropoutStream.fillMask(seed, step, layer, s, len, p, scale, buf, philox[part]);
                for (int i = 0; i < len; i++) {
                    mask.set(s + i, buf[i]);
                }
            }
        }
    }

    /** {@code out = a ⊙ b}; float32 products are exact in double, so rounding once equals float multiplication. */
    void multiply(Tensor a, Tensor b, Tensor out) {
        MultiplyTask t = multiply;
        t.a.at(a);
        t.b.at(b);
        t.out.at(out);
        t.runOn(pool, a.size(), CHUNK, 3L * a.size());
    }

    /** The element-wise product over ranges of elements. */
    private final class MultiplyTask extends RangeTask {
        final Elements a = new Elements();
        final Elements b = new Elements();
        final Elements out = new Elements();

        @Override
        void range(int part, int from, int to) {
            for (int i = from; i < to; i++) {
                out.set(i, a.get(i) * b.get(i));
            }
        }
    }

    void clamp(Tensor x, double lo, double hi) {
        int n = x.size();
        int o = off(x);
        if (f64(x)) {
            DoubleBuffer d = ((F64Storage) x.storage()).data;
            for (int i = 0; i < n; i++) {
                d.put(o + i, Math.min(Math.max(d.get(o + i), lo), hi));
            }
        } else {
            FloatBuffer d = ((F32Storage) x.storage()).data;
            float l = (float) lo;
            float h = (float) hi;
            for (int i = 0; i < n; i++) {
                d.put(o + i, Math.min(Math.max(d.get(o + i), l), h));
            }
        }
    }

    void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        double s = f64(sumSquares) ? ((F64Storage) sumSquares.storage()).data.get(off(sumSquares))
                : ((F32Storage) sumSquares.storage()).data.get(off(sumSquares));
        double value = Double.isFinite(s) ? Math.min(1.0, maxNorm / (Math.sqrt(s) + CLIP_EPSILON)) : Double.NaN;
        if (f64(scale)) {
            ((F64Storage) scale.storage()).data.put(off(scale), value);
        } else {
            ((F32Storage) scale.storage()).data.put(off(scale), (float) value);
        }
    }
}
