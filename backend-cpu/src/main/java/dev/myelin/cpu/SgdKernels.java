package dev.myelin.cpu;

import dev.myelin.backend.MomentumForm;

/**
 * Fused single-pass SGD updates over flat buffers, one primitive loop per precision and form.
 * Per element: {@code g' = s·g + decay·w} (the decay term only when decay ≠ 0), then the update
 * of {@link MomentumForm}. float32 runs in float arithmetic, like a device kernel.
 */
final class SgdKernels {
    private SgdKernels() {
    }

    static void step64(MomentumForm form, double lr, double beta, double decay, double s,
                       double[] w, int wo, double[] g, int go, double[] v, int vo, int n) {
        switch (form) {
            case NONE:
                for (int i = 0; i < n; i++) {
                    double gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    w[wo + i] -= lr * gi;
                }
                break;
            case CLASSICAL:
                for (int i = 0; i < n; i++) {
                    double gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    double vi = beta * v[vo + i] + lr * gi;
                    v[vo + i] = vi;
                    w[wo + i] -= vi;
                }
                break;
            case EMA: {
                double oneMinusBeta = 1.0 - beta;
                for (int i = 0; i < n; i++) {
                    double gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    double vi = beta * v[vo + i] + oneMinusBeta * gi;
                    v[vo + i] = vi;
                    w[wo + i] -= lr * vi;
                }
                break;
            }
            case NESTEROV:
                for (int i = 0; i < n; i++) {
                    double gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    double step = lr * gi;
                    double vi = beta * v[vo + i] + step;
                    v[vo + i] = vi;
                    w[wo + i] -= beta * vi + step;
                }
                break;
            default:
                throw new IllegalArgumentException("unknown momentum form " + form);
        }
    }

    static void step32(MomentumForm form, float lr, float beta, float decay, float s,
                       float[] w, int wo, float[] g, int go, float[] v, int vo, int n) {
        switch (form) {
            case NONE:
                for (int i = 0; i < n; i++) {
                    float gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    w[wo + i] -= lr * gi;
                }
                break;
            case CLASSICAL:
                for (int i = 0; i < n; i++) {
                    float gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    float vi = beta * v[vo + i] + lr * gi;
                    v[vo + i] = vi;
                    w[wo + i] -= vi;
                }
                break;
            case EMA: {
                float oneMinusBeta = 1.0f - beta;
                for (int i = 0; i < n; i++) {
                    float gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    float vi = beta * v[vo + i] + oneMinusBeta * gi;
                    v[vo + i] = vi;
                    w[wo + i] -= lr * vi;
                }
                break;
            }
            case NESTEROV:
                for (int i = 0; i < n; i++) {
                    float gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    float step = lr * gi;
                    float vi = beta * v[vo + i] + step;
                    v[vo + i] = vi;
                    w[wo + i] -= beta * vi + step;
                }
                break;
            default:
                throw new IllegalArgumentException("unknown momentum form " + form);
        }
    }
}
