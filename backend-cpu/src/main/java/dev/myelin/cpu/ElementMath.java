package dev.myelin.cpu;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;

/**
 * Activation and loss formulas on {@code double[]} windows {@code (array, offset, length)}, shared
 * by both precisions: float64 passes its storage directly, float32 passes rows or chunks converted
 * to double and rounds the result once. Formulas follow PyTorch's conventions.
 */
final class ElementMath {
    /** SELU scale λ. */
    static final double SELU_LAMBDA = 1.0507009873554804934193349852946;
    /** SELU α. */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** GELU's tanh form: {@code √(2/π)}. */
    static final double GELU_BETA = 0.7978845608028654;
    /** GELU's tanh form: the cubic term's factor. */
    static final double GELU_KAPPA = 0.044715;
    /** PyTorch's clamp of log p in the cross-entropies on probabilities. */
    static final double LOG_FLOOR = -100.0;
    /** {@code e^{−100}}: the probability floor matching {@link #LOG_FLOOR} in the gradients. */
    static final double PROB_FLOOR = Math.exp(LOG_FLOOR);
    /**
     * Floor of {@code o(1−o)} in the gradient of BCE on probabilities: PyTorch's, which it keeps as a float
     * constant, so that even its float64 gradient divides by {@code (float) 1e-12 = 9.99999996e-13}.
     */
    static final double BCE_GRAD_FLOOR = 1e-12f;

    private ElementMath() {
    }

    /** Numerically stable logistic function. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** Element-wise forward of every kind but softmax. */
    static void forward(ActivationKind kind, double alpha, double[] z, int zo, double[] out, int oo, int n) {
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
                    out[oo + i] = Math.tanh(z[zo + i]);
                }
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    out[oo + i] = Math.max(z[zo + i], 0.0);
                }
                break;
            case LEAKY_RELU:
            case RECTIFIER:
                for (int i = 0; i < n; i++) {
                    double v = z[zo + i];
                    out[oo + i] = v > 0 ? v : alpha * v;
                }
                break;
            case ELU:
                for (int i = 0; i < n; i++) {
                    double v = z[zo + i];
                    out[oo + i] = v > 0 ? v : alpha * Math.expm1(v);
                }
                break;
            case SELU:
                for (int i = 0; i < n; i++) {
                    double v = z[zo + i];
                    out[oo + i] = SELU_LAMBDA * (v > 0 ? v : SELU_ALPHA * Math.expm1(v));
                }
                break;
            case SWISH:
                for (int i = 0; i < n; i++) {
                    double v = z[zo + i];
                    out[oo + i] = v * sigmoid(v);
                }
                break;
            case GELU_TANH:
                for (int i = 0; i < n; i++) {
                    double v = z[zo + i];
                    out[oo + i] = 0.5 * v * (1.0 + Math.tanh(GELU_BETA * (v + GELU_KAPPA * (v * v * v))));
                }
                break;
            default:
                throw new IllegalArgumentException("not an element-wise activation: " + kind);
        }
    }

    /** Element-wise backward of every kind but softmax: {@code gz = g · f'(z)}. */
    static void backward(ActivationKind kind, double alpha, double[] z, int zo,
                         double[] g, int go, double[] gz, int gzo, int n) {
        switch (kind) {
            case IDENTITY:
                System.arraycopy(g, go, gz, gzo, n);
                break;
            case SIGMOID:
                for (int i = 0; i < n; i++) {
                    double s = sigmoid(z[zo + i]);
                    gz[gzo + i] = g[go + i] * (s * (1.0 - s));
                }
                break;
            case TANH:
                for (int i = 0; i < n; i++) {
                    double t = Math.tanh(z[zo + i]);
                    gz[gzo + i] = g[go + i] * (1.0 - t * t);
                }
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    gz[gzo + i] = z[zo + i] > 0 ? g[go + i] : 0.0;
                }
                break;
            case LEAKY_RELU:
            case RECTIFIER:
                for (int i = 0; i < n; i++) {
                    double gi = g[go + i];
                    gz[gzo + i] = z[zo + i] > 0 ? gi : alpha * gi;
                }
                break;
            case ELU:
                for (int i = 0; i < n; i++) {
                    double v = z[zo + i];
                    double gi = g[go + i];
                    gz[gzo + i] = v > 0 ? gi : gi * (alpha * Math.exp(v));
                }
                break;
            case SELU:
                for (int i = 0; i < n; i++) {
                    double v = z[zo + i];
                    double gi = g[go + i];
                    gz[gzo + i] = gi * (SELU_LAMBDA * (v > 0 ? 1.0 : SELU_ALPHA * Math.exp(v)));
                }
                break;
            case SWISH:
                for (int i = 0; i < n; i++) {
                    double v = z[zo + i];
                    double s = sigmoid(v);
                    gz[gzo + i] = g[go + i] * (s + v * s * (1.0 - s));
                }
                break;
            case GELU_TANH:
                for (int i = 0; i < n; i++) {
                    double v = z[zo + i];
                    double t = Math.tanh(GELU_BETA * (v + GELU_KAPPA * (v * v * v)));
                    double inner = GELU_BETA * (1.0 + 3.0 * GELU_KAPPA * (v * v));
                    gz[gzo + i] = g[go + i] * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * inner);
                }
                break;
            default:
                throw new IllegalArgumentException("not an element-wise activation: " + kind);
        }
    }

    /** One row of softmax with max subtraction; {@code out} may alias {@code z}. */
    static void softmaxRow(double[] z, int zo, double[] out, int oo, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[zo + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double e = Math.exp(z[zo + j] - max);
            out[oo + j] = e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int j = 0; j < n; j++) {
            out[oo + j] *= inv;
        }
    }

    /** One row of softmax backward: {@code gz = out ⊙ (g − Σ_j g_j·out_j)}; {@code gz} may alias {@code g}. */
    static void softmaxBackwardRow(double[] out, int oo, double[] g, int go, double[] gz, int gzo, int n) {
        double dot = 0;
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
    private static double clampedLog(double p) {
        return Math.max(Math.log(p), LOG_FLOOR);
    }

    private static double sign(double d) {
        return d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0;
    }

    /**
     * Loss ℓ of one sample: {@code o[oo..oo+k)} against {@code t[to..)} ({@code k} values, or one class
     * index for the sparse loss).
     */
    static double loss(LossSpec loss, int row, double[] o, int oo, double[] t, int to, int k) {
        switch (loss.kind()) {
            case MEAN_SQUARED_ERROR: {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    double d = o[oo + j] - t[to + j];
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
                double delta = loss.delta();
                double s = 0;
                for (int j = 0; j < k; j++) {
                    double d = Math.abs(o[oo + j] - t[to + j]);
                    s += d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
                }
                return s / k;
            }
            case BINARY_CROSS_ENTROPY: {
                double s = 0;
                if (loss.fromLogits()) {
                    for (int j = 0; j < k; j++) {
                        double x = o[oo + j];
                        s += Math.max(x, 0.0) - x * t[to + j] + Math.log1p(Math.exp(-Math.abs(x)));
                    }
                } else {
                    for (int j = 0; j < k; j++) {
                        double p = o[oo + j];
                        double y = t[to + j];
                        s -= y * clampedLog(p) + (1.0 - y) * clampedLog(1.0 - p);
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

    private static double crossEntropy(LossSpec loss, int row, double[] o, int oo, double[] t, int to, int k) {
        boolean sparse = sparse(loss);
        int cls = sparse ? classIndex(t[to], row, k) : -1;
        double eps = loss.labelSmoothing();
        double uniform = eps / k;
        double keep = 1.0 - eps;
        double lse = 0;
        if (loss.fromLogits()) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, o[oo + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(o[oo + j] - max);
            }
            lse = max + Math.log(sum);
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
            double target = sparse ? (j == cls ? 1.0 : 0.0) : t[to + j];
            double smoothed = keep * target + uniform;
            if (smoothed == 0) {
                continue;
            }
            double logP = loss.fromLogits() ? o[oo + j] - lse : clampedLog(o[oo + j]);
            s -= smoothed * logP;
        }
        return s;
    }

    /** {@code g[go..go+k) = scale · ∂ℓ/∂o} for one sample. */
    static void lossGradient(LossSpec loss, int row, double[] o, int oo, double[] t, int to, int k,
                             double scale, double[] g, int go) {
        double perK = scale / k;
        switch (loss.kind()) {
            case MEAN_SQUARED_ERROR:
                for (int j = 0; j < k; j++) {
                    g[go + j] = 2.0 * (o[oo + j] - t[to + j]) * perK;
                }
                break;
            case MEAN_ABSOLUTE_ERROR:
                for (int j = 0; j < k; j++) {
                    g[go + j] = sign(o[oo + j] - t[to + j]) * perK;
                }
                break;
            case HUBER: {
                double delta = loss.delta();
                for (int j = 0; j < k; j++) {
                    double d = o[oo + j] - t[to + j];
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
                        double p = o[oo + j];
                        g[go + j] = (p - t[to + j]) / Math.max(p * (1.0 - p), BCE_GRAD_FLOOR) * perK;
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

    private static void crossEntropyGradient(LossSpec loss, int row, double[] o, int oo, double[] t, int to, int k,
                                             double scale, double[] g, int go) {
        boolean sparse = sparse(loss);
        int cls = sparse ? classIndex(t[to], row, k) : -1;
        double eps = loss.labelSmoothing();
        double uniform = eps / k;
        double keep = 1.0 - eps;
        if (loss.fromLogits()) {
            double targetSum;
            if (sparse) {
                targetSum = keep + eps;
            } else {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += t[to + j];
                }
                targetSum = keep * s + eps;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, o[oo + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(o[oo + j] - max);
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < k; j++) {
                double target = sparse ? (j == cls ? 1.0 : 0.0) : t[to + j];
                double smoothed = keep * target + uniform;
                double p = Math.exp(o[oo + j] - max) * inv;
                g[go + j] = scale * (p * targetSum - smoothed);
            }
        } else {
            for (int j = 0; j < k; j++) {
                double target = sparse ? (j == cls ? 1.0 : 0.0) : t[to + j];
                double smoothed = keep * target + uniform;
                g[go + j] = scale * (-smoothed / Math.max(o[oo + j], PROB_FLOOR));
            }
        }
    }
}
