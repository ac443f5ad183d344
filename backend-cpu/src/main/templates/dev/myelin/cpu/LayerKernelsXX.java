package dev.myelin.cpu;

import dev.myelin.backend.Tensor;
import dev.myelin.random.DropoutStream;

import java.util.Arrays;

/**
 * The floatXX bodies of {@link LayerKernels}, reading and writing the tensors' buffers in place. Batch norm, layer
 * norm, PReLU, maxout forward, dropout masks and the element-wise product run over the worker pool (features, rows, or
 * whole chunks of elements, split into contiguous ranges), so results do not depend on the thread count; maxout
 * backward, clamping and the clip scale run on the caller's thread. Per-element math is in floatXX (float32 in float, as the CUDA kernels), except where
 * the CUDA kernels use double too: the statistics of batch and layer norm and the sums of the gradients of γ, β and
 * PReLU's α are reductions summed in double in row order, and the normalised outputs are computed from those double
 * statistics and rounded once. Scratch arrays grow to the largest problem seen and are reused: nothing is allocated
 * per call after that.
 */
final class LayerKernelsXX extends LayerKernels {
    private static final int CHUNK = 4096;
    /** Added to the norm by {@code clipScale}, as in PyTorch's {@code clip_grad_norm_}. */
    private static final double CLIP_EPSILON = 1e-6;

    private final WorkerPool pool;
    private final BatchNormForward bnForward = new BatchNormForward();
    private final BatchNormInference bnInference = new BatchNormInference();
    private final BatchNormBackward bnBackward = new BatchNormBackward();
    private final LayerNormForward lnForward = new LayerNormForward();
    private final LayerNormBackward lnBackward = new LayerNormBackward();
    private final PreluForward preluForward = new PreluForward();
    private final PreluBackward preluBackward = new PreluBackward();
    private final MaxoutForward maxoutForward = new MaxoutForward();
    private final DropoutTask dropout;
    private final MultiplyTask multiply = new MultiplyTask();
    /** Per-feature accumulators (sums in double); threads write disjoint ranges. */
    private double[] accA = new double[0];
    private double[] accB = new double[0];
    /** Per-feature scale and shift of batch-norm inference. */
    private real[] scaleOf = new real[0];
    private real[] shiftOf = new real[0];
    private final ElementsXX e0 = new ElementsXX();
    private final ElementsXX e1 = new ElementsXX();
    private final ElementsXX e2 = new ElementsXX();

    LayerKernelsXX(WorkerPool pool) {
        this.pool = pool;
        this.dropout = new DropoutTask(pool.threads());
    }

    private void accumulators(int n) {
        if (accA.length < n) {
            accA = new double[n];
            accB = new double[n];
        }
    }

    // ---------------------------------------------------------------- batch norm

    @Override
    void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum, Tensor runningMean,
                                         Tensor runningVar, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        accumulators(x.cols());
        BatchNormForward t = bnForward;
        t.forward(x, gamma, beta, epsilon, out, savedMean, savedInvStd);
        t.momentum = momentum;
        t.runningMean.at(runningMean);
        t.runningVar.at(runningVar);
        t.runOn(pool, t.d, 1, 3L * t.n * t.d);
    }

    /**
     * The operands of the normalisation passes that save statistics (batch norm in training and layer norm, forward
     * and backward), wired from the tensors of the {@link LayerKernels} call by {@link #forward} or {@link #backward}.
     */
    private abstract static class NormTask extends RangeTask {
        int n;
        int d;
        double epsilon;
        final ElementsXX x = new ElementsXX();
        final ElementsXX gamma = new ElementsXX();
        final ElementsXX savedMean = new ElementsXX();
        final ElementsXX savedInvStd = new ElementsXX();
        /** Of the forward pass. */
        final ElementsXX beta = new ElementsXX();
        final ElementsXX out = new ElementsXX();
        /** Of the backward pass. */
        final ElementsXX gradOut = new ElementsXX();
        final ElementsXX gradX = new ElementsXX();
        final ElementsXX gradGamma = new ElementsXX();
        final ElementsXX gradBeta = new ElementsXX();

        /** Wires the forward pass: {@code x [n, d]} in, {@code out} and the saved statistics out. */
        final void forward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd) {
            both(x, gamma, savedMean, savedInvStd);
            this.epsilon = epsilon;
            this.beta.at(beta);
            this.out.at(out);
        }

        /** Wires the backward pass: the gradients of x, γ and β from {@code gradOut} and the saved statistics. */
        final void backward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX, Tensor gradGamma,
                            Tensor gradBeta) {
            both(x, gamma, savedMean, savedInvStd);
            this.gradOut.at(gradOut);
            this.gradX.at(gradX);
            this.gradGamma.at(gradGamma);
            this.gradBeta.at(gradBeta);
        }

        private void both(Tensor x, Tensor gamma, Tensor savedMean, Tensor savedInvStd) {
            n = x.rows();
            d = x.cols();
            this.x.at(x);
            this.gamma.at(gamma);
            this.savedMean.at(savedMean);
            this.savedInvStd.at(savedInvStd);
        }
    }

    /** Batch-norm forward (training) over a range of features: statistics summed in double over the rows in row order. */
    private final class BatchNormForward extends NormTask {
        double momentum;
        final ElementsXX runningMean = new ElementsXX();
        final ElementsXX runningVar = new ElementsXX();

        @Override
        void range(int part, int j0, int j1) {
            double[] mean = accA;
            double[] var = accB;
            Arrays.fill(mean, j0, j1, 0.0);
            Arrays.fill(var, j0, j1, 0.0);
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
                savedMean.set(j, (real) mean[j]);
                runningMean.set(j, (real) ((1 - momentum) * runningMean.get(j) + momentum * mean[j]));
                runningVar.set(j, (real) ((1 - momentum) * runningVar.get(j) + momentum * var[j] * unbiased));
                var[j] = 1.0 / Math.sqrt(var[j] + epsilon); // from here on: the inverse standard deviation
                savedInvStd.set(j, (real) var[j]);
            }
            for (int i = 0; i < n; i++) {
                int row = i * d;
                for (int j = j0; j < j1; j++) {
                    out.set(row + j, (real) ((x.get(row + j) - mean[j]) * var[j] * gamma.get(j) + beta.get(j)));
                }
            }
        }
    }

    @Override
    void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean, Tensor runningVar,
                                          Tensor out) {
        int d = x.cols();
        if (scaleOf.length < d) {
            scaleOf = new real[d];
            shiftOf = new real[d];
        }
        ElementsXX rm = e0.at(runningMean);
        ElementsXX rv = e1.at(runningVar);
        real eps = (real) epsilon;
        for (int j = 0; j < d; j++) {
            scaleOf[j] = 1 / (real) Math.sqrt(rv.get(j) + eps);
            shiftOf[j] = rm.get(j);
        }
        BatchNormInference t = bnInference;
        t.d = d;
        t.x.at(x);
        t.gamma.at(gamma);
        t.beta.at(beta);
        t.out.at(out);
        t.runOn(pool, x.rows(), 1, 2L * x.size());
    }

    /** {@code out = (x − running mean)·scale·γ + β} over a range of rows, in floatXX. */
    private final class BatchNormInference extends RangeTask {
        int d;
        final ElementsXX x = new ElementsXX();
        final ElementsXX gamma = new ElementsXX();
        final ElementsXX beta = new ElementsXX();
        final ElementsXX out = new ElementsXX();

        @Override
        void range(int part, int from, int to) {
            for (int i = from; i < to; i++) {
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    out.set(row + j, (x.get(row + j) - shiftOf[j]) * scaleOf[j] * gamma.get(j) + beta.get(j));
                }
            }
        }
    }

    @Override
    void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                  Tensor gradGamma, Tensor gradBeta) {
        accumulators(x.cols());
        BatchNormBackward t = bnBackward;
        t.backward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        t.runOn(pool, t.d, 1, 4L * t.n * t.d);
    }

    /** Batch-norm backward over a range of features; sums in double over the rows in row order. */
    private final class BatchNormBackward extends NormTask {

        @Override
        void range(int part, int j0, int j1) {
            double[] sumDy = accA;
            double[] sumDyXhat = accB;
            Arrays.fill(sumDy, j0, j1, 0.0);
            Arrays.fill(sumDyXhat, j0, j1, 0.0);
            for (int i = 0; i < n; i++) {
                int row = i * d;
                for (int j = j0; j < j1; j++) {
                    double v = gradOut.get(row + j);
                    double xv = x.get(row + j);
                    sumDy[j] += v;
                    sumDyXhat[j] += v * (xv - savedMean.get(j)) * savedInvStd.get(j);
                }
            }
            for (int j = j0; j < j1; j++) {
                gradGamma.set(j, (real) sumDyXhat[j]);
                gradBeta.set(j, (real) sumDy[j]);
            }
            for (int i = 0; i < n; i++) {
                int row = i * d;
                for (int j = j0; j < j1; j++) {
                    double inv = savedInvStd.get(j);
                    double xv = x.get(row + j);
                    double xhat = (xv - savedMean.get(j)) * inv;
                    gradX.set(row + j, (real) (gamma.get(j) * inv * (gradOut.get(row + j) - sumDy[j] / n - xhat * sumDyXhat[j] / n)));
                }
            }
        }
    }

    // ---------------------------------------------------------------- layer norm

    @Override
    void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean,
                                 Tensor savedInvStd) {
        LayerNormForward t = lnForward;
        t.forward(x, gamma, beta, epsilon, out, savedMean, savedInvStd);
        t.runOn(pool, x.rows(), 1, 3L * x.size());
    }

    /** Layer-norm forward over a range of rows: each row's statistics summed in double in column order. */
    private static final class LayerNormForward extends NormTask {

        @Override
        void range(int part, int from, int to) {
            for (int i = from; i < to; i++) {
                int row = i * d;
                double mean = 0;
                for (int j = 0; j < d; j++) {
                    mean += x.get(row + j);
                }
                mean /= d;
                double var = 0;
                for (int j = 0; j < d; j++) {
                    double c = x.get(row + j) - mean;
                    var += c * c;
                }
                var /= d;
                double inv = 1.0 / Math.sqrt(var + epsilon);
                savedMean.set(i, (real) mean);
                savedInvStd.set(i, (real) inv);
                for (int j = 0; j < d; j++) {
                    out.set(row + j, (real) ((x.get(row + j) - mean) * inv * gamma.get(j) + beta.get(j)));
                }
            }
        }
    }

    @Override
    void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                  Tensor gradGamma, Tensor gradBeta) {
        LayerNormBackward t = lnBackward;
        t.backward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        t.rows = true;
        t.runOn(pool, t.n, 1, 3L * x.size());
        t.rows = false;
        t.runOn(pool, t.d, 1, 3L * x.size());
    }

    /**
     * Layer-norm backward in two passes over the worker pool: gradX over ranges of rows (each row's two sums in double
     * in column order), then the gradients of γ and β over ranges of features (summed in double in row order).
     */
    private static final class LayerNormBackward extends NormTask {
        boolean rows;

        @Override
        void range(int part, int from, int to) {
            if (rows) {
                gradXRows(from, to);
            } else {
                parameterGradients(from, to);
            }
        }

        private void gradXRows(int from, int to) {
            for (int i = from; i < to; i++) {
                int row = i * d;
                double mean = savedMean.get(i);
                double inv = savedInvStd.get(i);
                double a = 0;
                double c = 0;
                for (int j = 0; j < d; j++) {
                    double v = gradOut.get(row + j);
                    double xhat = (x.get(row + j) - mean) * inv;
                    double dxhat = v * gamma.get(j);
                    a += dxhat;
                    c += dxhat * xhat;
                }
                for (int j = 0; j < d; j++) {
                    double xhat = (x.get(row + j) - mean) * inv;
                    double v = gradOut.get(row + j);
                    gradX.set(row + j, (real) (inv * (v * gamma.get(j) - a / d - xhat * c / d)));
                }
            }
        }

        private void parameterGradients(int j0, int j1) {
            for (int j = j0; j < j1; j++) {
                double sumDy = 0;
                double sumDyXhat = 0;
                for (int i = 0; i < n; i++) {
                    double v = gradOut.get(i * d + j);
                    double mean = savedMean.get(i);
                    double xhat = (x.get(i * d + j) - mean) * savedInvStd.get(i);
                    sumDy += v;
                    sumDyXhat += v * xhat;
                }
                gradGamma.set(j, (real) sumDyXhat);
                gradBeta.set(j, (real) sumDy);
            }
        }
    }

    // ---------------------------------------------------------------- PReLU

    @Override
    void preluForward(Tensor z, Tensor alpha, Tensor out) {
        PreluForward t = preluForward;
        t.of(z, alpha);
        t.out.at(out);
        t.runOn(pool, z.rows(), 1, 2L * z.size());
    }

    /** The operands of PReLU, forward and backward: {@code z [n, d]} and one α per feature, wired by {@link #of}. */
    private abstract static class PreluTask extends RangeTask {
        int n;
        int d;
        final ElementsXX z = new ElementsXX();
        final ElementsXX alpha = new ElementsXX();

        final void of(Tensor z, Tensor alpha) {
            n = z.rows();
            d = z.cols();
            this.z.at(z);
            this.alpha.at(alpha);
        }
    }

    /** PReLU forward over a range of rows. */
    private static final class PreluForward extends PreluTask {
        final ElementsXX out = new ElementsXX();

        @Override
        void range(int part, int from, int to) {
            for (int i = from; i < to; i++) {
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    real v = z.get(row + j);
                    out.set(row + j, v > 0 ? v : alpha.get(j) * v);
                }
            }
        }
    }

    @Override
    void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        accumulators(z.cols());
        PreluBackward t = preluBackward;
        t.of(z, alpha);
        t.gradOut.at(gradOut);
        t.gradZ.at(gradZ);
        t.gradAlpha.at(gradAlpha);
        t.runOn(pool, z.cols(), 1, 3L * z.size());
    }

    /** PReLU backward over a range of features; the gradient of α is summed in double in row order. */
    private final class PreluBackward extends PreluTask {
        final ElementsXX gradOut = new ElementsXX();
        final ElementsXX gradZ = new ElementsXX();
        final ElementsXX gradAlpha = new ElementsXX();

        @Override
        void range(int part, int j0, int j1) {
            double[] sum = accA;
            Arrays.fill(sum, j0, j1, 0.0);
            for (int i = 0; i < n; i++) {
                int row = i * d;
                for (int j = j0; j < j1; j++) {
                    real v = z.get(row + j);
                    real g = gradOut.get(row + j);
                    if (v > 0) {
                        gradZ.set(row + j, g);
                    } else {
                        gradZ.set(row + j, alpha.get(j) * g);
                        double gv = g;
                        sum[j] += gv * v;
                    }
                }
            }
            for (int j = j0; j < j1; j++) {
                gradAlpha.set(j, (real) sum[j]);
            }
        }
    }

    // ---------------------------------------------------------------- maxout

    @Override
    void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        MaxoutForward t = maxoutForward;
        t.k = k;
        t.units = out.cols();
        t.z.at(z);
        t.out.at(out);
        t.argmax = Int32Storage.data(argmax);
        t.argmaxAt = Int32Storage.offset(argmax);
        t.runOn(pool, z.rows(), 1, 2L * z.size());
    }

    /** Maxout forward over a range of rows: the largest of each unit's k inputs, and which it was. */
    private static final class MaxoutForward extends RangeTask {
        int k;
        int units;
        final ElementsXX z = new ElementsXX();
        final ElementsXX out = new ElementsXX();
        int[] argmax;
        int argmaxAt;

        @Override
        void range(int part, int from, int to) {
            int w = units * k;
            for (int i = from; i < to; i++) {
                for (int u = 0; u < units; u++) {
                    int first = i * w + u * k;
                    real max = z.get(first);
                    int best = 0;
                    for (int r = 1; r < k; r++) {
                        real v = z.get(first + r);
                        if (v > max) {
                            max = v;
                            best = r;
                        }
                    }
                    out.set(i * units + u, max);
                    argmax[argmaxAt + i * units + u] = best;
                }
            }
        }
    }

    @Override
    void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        int n = gradOut.rows();
        int units = gradOut.cols();
        int w = units * k;
        ElementsXX dy = e0.at(gradOut);
        int[] am = Int32Storage.data(argmax);
        int at = Int32Storage.offset(argmax);
        ElementsXX dz = e2.at(gradZ);
        for (int i = 0; i < n * w; i++) {
            dz.set(i, 0);
        }
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < units; u++) {
                int a = am[at + i * units + u];
                if (a < 0 || a >= k) {
                    throw new IllegalArgumentException("maxoutBackward: argmax[" + i + ", " + u + "] = " + a + " is outside [0, " + k + ")");
                }
                dz.set(i * w + u * k + a, dy.get(i * units + u));
            }
        }
    }

    // ---------------------------------------------------------------- dropout and element-wise

    @Override
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
    private static final class DropoutTask extends RangeTask {
        long seed;
        long step;
        int layer;
        double p;
        double scale;
        final ElementsXX mask = new ElementsXX();
        private final double[][] buffers;
        private final int[][] philox;

        DropoutTask(int threads) {
            buffers = new double[threads][CHUNK];
            philox = new int[threads][4];
        }

        @Override
        void range(int part, int from, int to) {
            double[] buf = buffers[part];
            for (int s = from; s < to; s += CHUNK) {
                int len = Math.min(CHUNK, to - s);
                DropoutStream.fillMask(seed, step, layer, s, len, p, scale, buf, philox[part]);
                for (int i = 0; i < len; i++) {
                    mask.set(s + i, (real) buf[i]);
                }
            }
        }
    }

    @Override
    void multiply(Tensor a, Tensor b, Tensor out) {
        MultiplyTask t = multiply;
        t.a.at(a);
        t.b.at(b);
        t.out.at(out);
        t.runOn(pool, a.size(), CHUNK, 3L * a.size());
    }

    /** The element-wise product over ranges of elements. */
    private static final class MultiplyTask extends RangeTask {
        final ElementsXX a = new ElementsXX();
        final ElementsXX b = new ElementsXX();
        final ElementsXX out = new ElementsXX();

        @Override
        void range(int part, int from, int to) {
            for (int i = from; i < to; i++) {
                out.set(i, a.get(i) * b.get(i));
            }
        }
    }

    @Override
    void clamp(Tensor x, double lo, double hi) {
        ElementsXX e = e0.at(x);
        real l = (real) lo;
        real h = (real) hi;
        int n = x.size();
        for (int i = 0; i < n; i++) {
            e.set(i, Math.min(Math.max(e.get(i), l), h));
        }
    }

    @Override
    void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        double s = e0.at(sumSquares).get(0);
        double value = Double.isFinite(s) ? Math.min(1.0, maxNorm / (Math.sqrt(s) + CLIP_EPSILON)) : Double.NaN;
        e1.at(scale).set(0, (real) value);
    }
}
