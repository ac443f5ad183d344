package dev.myelin.cpu;

import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.RmsPropSpec;

/**
 * Fused single-pass updates of the adaptive optimisers (AdaGrad, AdaDelta, RMSprop, the Adam family)
 * over flat buffers, each driven by its optimiser record: each element of the parameters, gradient and state is read once and written once.
 * The formulas are those of {@link dev.myelin.backend.Backend}'s step methods; {@code s} is the gradient
 * scale (the caller has already skipped the step when it is not finite).
 *
 * <p>This class computes floatXX buffers in their own precision, with the host's scalars rounded to it
 * (float32 in float arithmetic, like a device kernel, and like {@link SgdKernelsXX}): converting every float32
 * element to double and back stops HotSpot's C2 from vectorising the loop and made an Adam step about 15 times
 * slower (38 against 2.3 ns per parameter for a 670k-parameter model on this machine). Arrays are addressed as
 * {@code array[offset + i]} for {@code i < n}.
 */
final class AdaptiveKernelsXX {
    private AdaptiveKernelsXX() {
    }

    // ---------------------------------------------------------------- AdaGrad

    static void adagrad(AdaGradSpec spec, real lr, real s, real[] w, int wo, real[] g, int go, real[] sum, int so, int n) {
        real eps = (real) spec.epsilon();
        real decay = (real) spec.weightDecay();
        for (int i = 0; i < n; i++) {
            real wi = w[wo + i];
            real gi = s * g[go + i] + decay * wi;
            real si = sum[so + i] + gi * gi;
            sum[so + i] = si;
            w[wo + i] = wi - lr * gi / ((real) Math.sqrt(si) + eps);
        }
    }

    // ---------------------------------------------------------------- AdaDelta

    static void adadelta(AdaDeltaSpec spec, real lr, real s, real[] w, int wo, real[] g, int go, real[] sq, int qo, real[] acc, int ao,
                           int n) {
        real rho = (real) spec.rho();
        real eps = (real) spec.epsilon();
        real decay = (real) spec.weightDecay();
        real oneMinusRho = 1 - rho;
        for (int i = 0; i < n; i++) {
            real wi = w[wo + i];
            real gi = s * g[go + i] + decay * wi;
            real qi = rho * sq[qo + i] + oneMinusRho * gi * gi;
            real ai = acc[ao + i];
            real delta = (real) Math.sqrt(ai + eps) / (real) Math.sqrt(qi + eps) * gi;
            sq[qo + i] = qi;
            acc[ao + i] = rho * ai + oneMinusRho * delta * delta;
            w[wo + i] = wi - lr * delta;
        }
    }

    // ---------------------------------------------------------------- RMSprop

    /** {@code avg} (centred) and {@code buf} (momentum) may be null. */
    static void rmsprop(RmsPropSpec spec, real lr, real s, real[] w, int wo, real[] g, int go, real[] sq, int qo,
                          real[] avg, int ao, real[] buf, int bo, int n) {
        real alpha = (real) spec.alpha();
        real eps = (real) spec.epsilon();
        real decay = (real) spec.weightDecay();
        real momentum = (real) spec.momentum();
        real oneMinusAlpha = 1 - alpha;
        boolean centred = avg != null;
        boolean withMomentum = buf != null;
        for (int i = 0; i < n; i++) {
            real wi = w[wo + i];
            real gi = s * g[go + i] + decay * wi;
            real vi = alpha * sq[qo + i] + oneMinusAlpha * gi * gi;
            sq[qo + i] = vi;
            real d;
            if (centred) {
                real ai = alpha * avg[ao + i] + oneMinusAlpha * gi;
                avg[ao + i] = ai;
                real var = vi - ai * ai; // rounding can make it slightly negative: clamp at 0, keep NaN
                d = (real) Math.sqrt(var < 0 ? 0 : var) + eps;
            } else {
                d = (real) Math.sqrt(vi) + eps;
            }
            if (withMomentum) {
                real bi = momentum * buf[bo + i] + gi / d;
                buf[bo + i] = bi;
                w[wo + i] = wi - lr * bi;
            } else {
                w[wo + i] = wi - lr * gi / d;
            }
        }
    }

    // ---------------------------------------------------------------- Adam, AdamW, NAdam

    /**
     * {@code cg}, {@code cm}, {@code c2}: the host's per-step scalars (gradient coefficient, moment
     * coefficient, √ of the second bias correction).
     */
    static void adam(AdamSpec spec, real lr, real cg, real cm, real c2, real s,
                       real[] w, int wo, real[] g, int go, real[] m, int mo, real[] v, int vo, int n) {
        boolean decoupled = spec.decoupledDecay();
        real decay = (real) spec.weightDecay();
        real beta1 = (real) spec.beta1();
        real beta2 = (real) spec.beta2();
        real eps = (real) spec.epsilon();
        real oneMinusBeta1 = 1 - beta1;
        real oneMinusBeta2 = 1 - beta2;
        real shrink = 1 - lr * decay;
        real coupled = decoupled ? 0 : decay;
        for (int i = 0; i < n; i++) {
            real wi = w[wo + i];
            real gi = s * g[go + i] + coupled * wi;
            if (decoupled) {
                wi *= shrink;
            }
            real mi = beta1 * m[mo + i] + oneMinusBeta1 * gi;
            real vi = beta2 * v[vo + i] + oneMinusBeta2 * gi * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            real d = (real) Math.sqrt(vi) / c2 + eps;
            w[wo + i] = wi - (cg * gi + cm * mi) / d;
        }
    }
}
