package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;

/**
 * Activation and loss formulas on floatXX windows {@code (array, offset, length)} of chunks or rows staged from a
 * tensor, computed in the tensor's own precision (float32 in float arithmetic, as the CUDA kernels do; the
 * transcendental functions are Java's double ones rounded once). A loss's sum over a row accumulates in double:
 * it is a reduction, and the caller adds the rows in double too (as the CUDA loss kernel adds its rows). Formulas
 * follow PyTorch's conventions.
 */
final class ElementMathXX {
    /** SELU scale λ. */
    static final real SELU_LAMBDA = (real) 1.0507009873554804934193349852946;
    /** SELU α. */
    static final real SELU_ALPHA = (real) 1.6732632423543772848170429916717;
    /** GELU's tanh form: {@code √(2/π)}. */
    static final real GELU_BETA = (real) 0.7978845608028654;
    /** GELU's tanh form: the cubic term's factor. */
    static final real GELU_KAPPA = (real) 0.044715;
    /** Softplus is the identity above this input (PyTorch's threshold). */
    static final real SOFTPLUS_THRESHOLD = 20;
    /** PyTorch's clamp of log p in the cross-entropies on probabilities. */
    static final real LOG_FLOOR = -100;
    /** {@code e^{−100}}: the probability floor matching {@link #LOG_FLOOR} in the gradients. */
    static final real PROB_FLOOR = (real) Math.exp(LOG_FLOOR);
    /**
     * Floor of {@code o(1−o)} in the gradient of BCE on probabilities: PyTorch's, which it keeps as a float
     * constant, so that even its float64 gradient divides by {@code (float) 1e-12 = 9.99999996e-13}.
     */
    static final real BCE_GRAD_FLOOR = 1e-12f;

    private ElementMathXX() {
    }

    /** Numerically stable logistic function. */
    static real sigmoid(real z) {
        if (z >= 0) {
            return 1 / (1 + (real) Math.exp(-z));
        }
        real e = (real) Math.exp(z);
        return e / (1 + e);
    }

    /** Element-wise forward of every kind but softmax. */
    static void forward(ActivationKind kind, double alpha, real[] z, int zo, real[] out, int oo, int n) {
        real a = (real) alpha;
        switch (kind) {
            case IDENTITY:
                System.arraycopy(z, zo, out, oo, n);
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    out[oo + i] = sigmoid(z[zo + i]);
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    out[oo + i] = (real) Math.tanh(z[zo + i]);
                }
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    out[oo + i] = Math.max(z[zo + i], 0);
                }
                break;
            case LEAKY_RELU:
            case RECTIFIER:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    out[oo + i] = v > 0 ? v : a * v;
                }
                break;
            case ELU:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    out[oo + i] = v > 0 ? v : a * (real) Math.expm1(v);
                }
                break;
            case SELU:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    out[oo + i] = SELU_LAMBDA * (v > 0 ? v : SELU_ALPHA * (real) Math.expm1(v));
                }
                break;
            case SWISH:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    out[oo + i] = v * sigmoid(v);
                }
                break;
            case GELU_TANH:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    out[oo + i] = (real) 0.5 * v * (1 + (real) Math.tanh(GELU_BETA * (v + GELU_KAPPA * (v * v * v))));
                }
                break;
            case SOFTPLUS:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    out[oo + i] = v > SOFTPLUS_THRESHOLD ? v : (real) Math.log1p(Math.exp(v));
                }
                break;
            default:
                throw new IllegalArgumentException("not an element-wise activation: " + kind);
        }
    }

    /** Element-wise backward of every kind but softmax: {@code gz = g · f'(z)}. */
    static void backward(ActivationKind kind, double alpha, real[] z, int zo,
                         real[] g, int go, real[] gz, int gzo, int n) {
        real a = (real) alpha;
        switch (kind) {
            case IDENTITY:
                System.arraycopy(g, go, gz, gzo, n);
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    real s = sigmoid(z[zo + i]);
                    gz[gzo + i] = g[go + i] * (s * (1 - s));
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    real t = (real) Math.tanh(z[zo + i]);
                    gz[gzo + i] = g[go + i] * (1 - t * t);
                }
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    gz[gzo + i] = z[zo + i] > 0 ? g[go + i] : 0;
                }
                break;
            case LEAKY_RELU:
            case RECTIFIER:
                for (int i = 0; i < n; i++) {
                    real gi = g[go + i];
                    gz[gzo + i] = z[zo + i] > 0 ? gi : a * gi;
                }
                break;
            case ELU:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    real gi = g[go + i];
                    gz[gzo + i] = v > 0 ? gi : gi * (a * (real) Math.exp(v));
                }
                break;
            case SELU:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    real gi = g[go + i];
                    gz[gzo + i] = gi * (SELU_LAMBDA * (v > 0 ? 1 : SELU_ALPHA * (real) Math.exp(v)));
                }
                break;
            case SWISH:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    real s = sigmoid(v);
                    gz[gzo + i] = g[go + i] * (s + v * s * (1 - s));
                }
                break;
            case GELU_TANH:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    real t = (real) Math.tanh(GELU_BETA * (v + GELU_KAPPA * (v * v * v)));
                    real inner = GELU_BETA * (1 + 3 * GELU_KAPPA * (v * v));
                    gz[gzo + i] = g[go + i] * ((real) 0.5 * (1 + t) + (real) 0.5 * v * (1 - t * t) * inner);
                }
                break;
            case SOFTPLUS:
                for (int i = 0; i < n; i++) {
                    real v = z[zo + i];
                    gz[gzo + i] = v > SOFTPLUS_THRESHOLD ? g[go + i] : g[go + i] * sigmoid(v);
                }
                break;
            default:
                throw new IllegalArgumentException("not an element-wise activation: " + kind);
        }
    }

    /** One row of softmax with max subtraction; {@code out} may alias {@code z}. */
    static void softmaxRow(real[] z, int zo, real[] out, int oo, int n) {
        real max = Real.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[zo + j]);
        }
        real sum = 0;
        for (int j = 0; j < n; j++) {
            real e = (real) Math.exp(z[zo + j] - max);
            out[oo + j] = e;
            sum += e;
        }
        real inv = 1 / sum;
        for (int j = 0; j < n; j++) {
            out[oo + j] *= inv;
        }
    }

    /** One row of softmax backward: {@code gz = out ⊙ (g − Σ_j g_j·out_j)}; {@code gz} may alias {@code g}. */
    static void softmaxBackwardRow(real[] out, int oo, real[] g, int go, real[] gz, int gzo, int n) {
        real dot = 0;
        for (int j = 0; j < n; j++) {
            dot += g[go + j] * out[oo + j];
        }
        for (int j = 0; j < n; j++) {
            gz[gzo + j] = out[oo + j] * (g[go + j] - dot);
        }
    }

    /** Whether the loss takes a {@code [batch, 1]} class-index target. */
    static boolean sparse(LossSpec loss) {
        return loss.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
    }

    /** The class index of a sparse target, validated. */
    static int classIndex(double value, int row, int classes) {
        if (!(value >= 0 && value < classes && value == Math.rint(value))) {
            throw new IllegalArgumentException("sparse categorical cross-entropy: target row " + row + " holds "
                    + value + ", which is not a class index in [0, " + (classes - 1) + "]");
        }
        return (int) value;
    }

    /** {@code L(p) = max(log p, −100)}. */
    private static real clampedLog(real p) {
        return Math.max((real) Math.log(p), LOG_FLOOR);
    }

    private static real sign(real d) {
        return d > 0 ? 1 : d < 0 ? -1 : 0;
    }

    /**
     * Loss ℓ of one sample: {@code o[oo..oo+k)} against {@code t[to..)} ({@code k} values, or one class
     * index for the sparse loss).
     */
    static double loss(LossSpec loss, int row, real[] o, int oo, real[] t, int to, int k) {
        switch (loss.kind()) {
            case MEAN_SQUARED_ERROR: {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    real d = o[oo + j] - t[to + j];
                    s += d * d;
                }
                return s / k;
            }
            case MEAN_ABSOLUTE_ERROR: {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += Math.abs(o[oo + j] - t[to + j]);
                }
                return s / k;
            }
            case HUBER: {
                real delta = (real) loss.delta();
                double s = 0;
                for (int j = 0; j < k; j++) {
                    real d = Math.abs(o[oo + j] - t[to + j]);
                    s += d < delta ? (real) 0.5 * d * d : delta * (d - (real) 0.5 * delta);
                }
                return s / k;
            }
            case BINARY_CROSS_ENTROPY: {
                double s = 0;
                if (loss.fromLogits()) {
                    for (int j = 0; j < k; j++) {
                        real x = o[oo + j];
                        s += Math.max(x, 0) - x * t[to + j] + (real) Math.log1p((real) Math.exp(-Math.abs(x)));
                    }
                } else {
                    for (int j = 0; j < k; j++) {
                        real p = o[oo + j];
                        real y = t[to + j];
                        s -= y * clampedLog(p) + (1 - y) * clampedLog(1 - p);
                    }
                }
                return s / k;
            }
            case CATEGORICAL_CROSS_ENTROPY:
            case SPARSE_CATEGORICAL_CROSS_ENTROPY:
                return crossEntropy(loss, row, o, oo, t, to, k);
            default:
                throw new IllegalArgumentException("unknown loss " + loss.kind());
        }
    }

    private static double crossEntropy(LossSpec loss, int row, real[] o, int oo, real[] t, int to, int k) {
        boolean sparse = sparse(loss);
        int cls = sparse ? classIndex(t[to], row, k) : -1;
        real eps = (real) loss.labelSmoothing();
        real uniform = eps / k;
        real keep = 1 - eps;
        real lse = 0;
        if (loss.fromLogits()) {
            real max = Real.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, o[oo + j]);
            }
            real sum = 0;
            for (int j = 0; j < k; j++) {
                sum += (real) Math.exp(o[oo + j] - max);
            }
            lse = max + (real) Math.log(sum);
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
            real target = sparse ? (j == cls ? 1 : 0) : t[to + j];
            real smoothed = keep * target + uniform;
            if (smoothed == 0) {
                continue;
            }
            real logP = loss.fromLogits() ? o[oo + j] - lse : clampedLog(o[oo + j]);
            s -= smoothed * logP;
        }
        return s;
    }

    /** {@code g[go..go+k) = scale · ∂ℓ/∂o} for one sample. */
    static void lossGradient(LossSpec loss, int row, real[] o, int oo, real[] t, int to, int k,
                             double scale, real[] g, int go) {
        real perK = (real) (scale / k);
        switch (loss.kind()) {
            case MEAN_SQUARED_ERROR:
                for (int j = 0; j < k; j++) {
                    g[go + j] = 2 * (o[oo + j] - t[to + j]) * perK;
                }
                break;
            case MEAN_ABSOLUTE_ERROR:
                for (int j = 0; j < k; j++) {
                    g[go + j] = sign(o[oo + j] - t[to + j]) * perK;
                }
                break;
            case HUBER: {
                real delta = (real) loss.delta();
                for (int j = 0; j < k; j++) {
                    real d = o[oo + j] - t[to + j];
                    g[go + j] = (Math.abs(d) < delta ? d : delta * sign(d)) * perK;
                }
                break;
            }
            case BINARY_CROSS_ENTROPY:
                if (loss.fromLogits()) {
                    for (int j = 0; j < k; j++) {
                        g[go + j] = (sigmoid(o[oo + j]) - t[to + j]) * perK;
                    }
                } else {
                    for (int j = 0; j < k; j++) {
                        real p = o[oo + j];
                        g[go + j] = (p - t[to + j]) / Math.max(p * (1 - p), BCE_GRAD_FLOOR) * perK;
                    }
                }
                break;
            case CATEGORICAL_CROSS_ENTROPY:
            case SPARSE_CATEGORICAL_CROSS_ENTROPY:
                crossEntropyGradient(loss, row, o, oo, t, to, k, scale, g, go);
                break;
            default:
                throw new IllegalArgumentException("unknown loss " + loss.kind());
        }
    }

    private static void crossEntropyGradient(LossSpec loss, int row, real[] o, int oo, real[] t, int to, int k,
                                             double scale, real[] g, int go) {
        real sc = (real) scale;
        boolean sparse = sparse(loss);
        int cls = sparse ? classIndex(t[to], row, k) : -1;
        real eps = (real) loss.labelSmoothing();
        real uniform = eps / k;
        real keep = 1 - eps;
        if (loss.fromLogits()) {
            real targetSum;
            if (sparse) {
                targetSum = keep + eps;
            } else {
                real s = 0;
                for (int j = 0; j < k; j++) {
                    s += t[to + j];
                }
                targetSum = keep * s + eps;
            }
            real max = Real.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, o[oo + j]);
            }
            real sum = 0;
            for (int j = 0; j < k; j++) {
                sum += (real) Math.exp(o[oo + j] - max);
            }
            real inv = 1 / sum;
            for (int j = 0; j < k; j++) {
                real target = sparse ? (j == cls ? 1 : 0) : t[to + j];
                real smoothed = keep * target + uniform;
                real p = (real) Math.exp(o[oo + j] - max) * inv;
                g[go + j] = sc * (p * targetSum - smoothed);
            }
        } else {
            for (int j = 0; j < k; j++) {
                real target = sparse ? (j == cls ? 1 : 0) : t[to + j];
                real smoothed = keep * target + uniform;
                g[go + j] = sc * (-smoothed / Math.max(o[oo + j], PROB_FLOOR));
            }
        }
    }
}
