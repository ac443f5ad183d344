package dev.myelin.cpu;

import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.SgdSpec;

/**
 * Fused single-pass SGD updates over flat floatXX buffers, one loop per form.
 * Per element: {@code g' = s·g + decay·w} (the decay term only when decay ≠ 0), then the update
 * of {@link MomentumForm}, in the buffers' own precision (float32 in float arithmetic, like a device kernel).
 */
final class SgdKernelsXX {
    private SgdKernelsXX() {
    }

    /** The step of {@code spec} (form, momentum β, decay λ rounded to floatXX) with learning rate {@code lr}. */
    static void step(SgdSpec spec, real lr, real s, real[] w, int wo, real[] g, int go, real[] v, int vo, int n) {
        MomentumForm form = spec.form();
        real beta = (real) spec.momentum();
        real decay = (real) spec.weightDecay();
        switch (form) {
            case NONE:
                for (int i = 0; i < n; i++) {
                    real gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    w[wo + i] -= lr * gi;
                }
                break;
            case CLASSICAL:
                for (int i = 0; i < n; i++) {
                    real gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    real vi = beta * v[vo + i] + lr * gi;
                    v[vo + i] = vi;
                    w[wo + i] -= vi;
                }
                break;
            case EMA: {
                real oneMinusBeta = 1 - beta;
                for (int i = 0; i < n; i++) {
                    real gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    real vi = beta * v[vo + i] + oneMinusBeta * gi;
                    v[vo + i] = vi;
                    w[wo + i] -= lr * vi;
                }
                break;
            }
            case NESTEROV:
                for (int i = 0; i < n; i++) {
                    real gi = decay == 0 ? s * g[go + i] : s * g[go + i] + decay * w[wo + i];
                    real step = lr * gi;
                    real vi = beta * v[vo + i] + step;
                    v[vo + i] = vi;
                    w[wo + i] -= beta * vi + step;
                }
                break;
            default:
                throw new IllegalArgumentException("unknown momentum form " + form);
        }
    }

}
