package dev.myelin.cpu;

/**
 * Fused single-pass updates of the adaptive optimisers (AdaGrad, AdaDelta, RMSprop, the Adam family)
 * over flat buffers: each element of the parameters, gradient and state is read once and written once.
 * The formulas are those of {@link dev.myelin.backend.Backend}'s step methods; {@code s} is the gradient
 * scale (the caller has already skipped the step when it is not finite).
 *
 * <p>float64 computes in double on the {@code double[]} storages. float32 computes in float arithmetic on
 * the {@code float[]} storages, with the host's scalars rounded to float, like a device kernel (and like
 * {@link SgdKernels}): converting every element to double and back stops HotSpot's C2 from vectorising
 * the loop and made an Adam step about 15 times slower (38 against 2.3 ns per parameter for a
 * 670k-parameter model on this machine). Arrays are addressed as {@code array[offset + i]} for {@code i < n}.
 */
final class AdaptiveKernels {
    private AdaptiveKernels() {
    }

    // ---------------------------------------------------------------- AdaGrad

    static void adagrad64(double lr, double eps, double decay, double s,
                          double[] w, int wo, double[] g, int go, double[] sum, int so, int n) {
        for (int i = 0; i < n; i++) {
            double wi = w[wo + i];
            double gi = s * g[go + i] + decay * wi;
            double si = sum[so + i] + gi * gi;
            sum[so + i] = si;
            w[wo + i] = wi - lr * gi / (Math.sqrt(si) + eps);
        }
    }

    static void adagrad32(float lr, float eps, float decay, float s,
                          float[] w, int wo, float[] g, int go, float[] sum, int so, int n) {
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i];
            float gi = s * g[go + i] + decay * wi;
            float si = sum[so + i] + gi * gi;
            sum[so + i] = si;
            w[wo + i] = wi - lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    // ---------------------------------------------------------------- AdaDelta

    static void adadelta64(double lr, double rho, double eps, double decay, double s,
                           double[] w, int wo, double[] g, int go, double[] sq, int qo, double[] acc, int ao, int n) {
        double oneMinusRho = 1.0 - rho;
        for (int i = 0; i < n; i++) {
            double wi = w[wo + i];
            double gi = s * g[go + i] + decay * wi;
            double qi = rho * sq[qo + i] + oneMinusRho * gi * gi;
            double ai = acc[ao + i];
            double delta = Math.sqrt(ai + eps) / Math.sqrt(qi + eps) * gi;
            sq[qo + i] = qi;
            acc[ao + i] = rho * ai + oneMinusRho * delta * delta;
            w[wo + i] = wi - lr * delta;
        }
    }

    static void adadelta32(float lr, float rho, float eps, float decay, float s,
                           float[] w, int wo, float[] g, int go, float[] sq, int qo, float[] acc, int ao, int n) {
        float oneMinusRho = 1.0f - rho;
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i];
            float gi = s * g[go + i] + decay * wi;
            float qi = rho * sq[qo + i] + oneMinusRho * gi * gi;
            float ai = acc[ao + i];
            float delta = (float) Math.sqrt(ai + eps) / (float) Math.sqrt(qi + eps) * gi;
            sq[qo + i] = qi;
            acc[ao + i] = rho * ai + oneMinusRho * delta * delta;
            w[wo + i] = wi - lr * delta;
        }
    }

    // ---------------------------------------------------------------- RMSprop

    /** {@code avg} (centred) and {@code buf} (momentum) may be null. */
    static void rmsprop64(double lr, double alpha, double eps, double decay, double momentum, double s,
                          double[] w, int wo, double[] g, int go, double[] sq, int qo,
                          double[] avg, int ao, double[] buf, int bo, int n) {
        double oneMinusAlpha = 1.0 - alpha;
        boolean centred = avg != null;
        boolean withMomentum = buf != null;
        for (int i = 0; i < n; i++) {
            double wi = w[wo + i];
            double gi = s * g[go + i] + decay * wi;
            double vi = alpha * sq[qo + i] + oneMinusAlpha * gi * gi;
            sq[qo + i] = vi;
            double d;
            if (centred) {
                double ai = alpha * avg[ao + i] + oneMinusAlpha * gi;
                avg[ao + i] = ai;
                double var = vi - ai * ai; // rounding can make it slightly negative: clamp at 0, keep NaN
                d = Math.sqrt(var < 0 ? 0 : var) + eps;
            } else {
                d = Math.sqrt(vi) + eps;
            }
            if (withMomentum) {
                double bi = momentum * buf[bo + i] + gi / d;
                buf[bo + i] = bi;
                w[wo + i] = wi - lr * bi;
            } else {
                w[wo + i] = wi - lr * gi / d;
            }
        }
    }

    /** {@code avg} (centred) and {@code buf} (momentum) may be null. */
    static void rmsprop32(float lr, float alpha, float eps, float decay, float momentum, float s,
                          float[] w, int wo, float[] g, int go, float[] sq, int qo,
                          float[] avg, int ao, float[] buf, int bo, int n) {
        float oneMinusAlpha = 1.0f - alpha;
        boolean centred = avg != null;
        boolean withMomentum = buf != null;
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i];
            float gi = s * g[go + i] + decay * wi;
            float vi = alpha * sq[qo + i] + oneMinusAlpha * gi * gi;
            sq[qo + i] = vi;
            float d;
            if (centred) {
                float ai = alpha * avg[ao + i] + oneMinusAlpha * gi;
                avg[ao + i] = ai;
                float var = vi - ai * ai; // rounding can make it slightly negative: clamp at 0, keep NaN
                d = (float) Math.sqrt(var < 0 ? 0 : var) + eps;
            } else {
                d = (float) Math.sqrt(vi) + eps;
            }
            if (withMomentum) {
                float bi = momentum * buf[bo + i] + gi / d;
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
    static void adam64(boolean decoupled, double lr, double decay, double beta1, double beta2, double eps,
                       double cg, double cm, double c2, double s,
                       double[] w, int wo, double[] g, int go, double[] m, int mo, double[] v, int vo, int n) {
        double oneMinusBeta1 = 1.0 - beta1;
        double oneMinusBeta2 = 1.0 - beta2;
        double shrink = 1.0 - lr * decay;
        double coupled = decoupled ? 0.0 : decay;
        for (int i = 0; i < n; i++) {
            double wi = w[wo + i];
            double gi = s * g[go + i] + coupled * wi;
            if (decoupled) {
                wi *= shrink;
            }
            double mi = beta1 * m[mo + i] + oneMinusBeta1 * gi;
            double vi = beta2 * v[vo + i] + oneMinusBeta2 * gi * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            double d = Math.sqrt(vi) / c2 + eps;
            w[wo + i] = wi - (cg * gi + cm * mi) / d;
        }
    }

    /** See {@link #adam64}. */
    static void adam32(boolean decoupled, float lr, float decay, float beta1, float beta2, float eps,
                       float cg, float cm, float c2, float s,
                       float[] w, int wo, float[] g, int go, float[] m, int mo, float[] v, int vo, int n) {
        float oneMinusBeta1 = 1.0f - beta1;
        float oneMinusBeta2 = 1.0f - beta2;
        float shrink = 1.0f - lr * decay;
        float coupled = decoupled ? 0.0f : decay;
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i];
            float gi = s * g[go + i] + coupled * wi;
            if (decoupled) {
                wi *= shrink;
            }
            float mi = beta1 * m[mo + i] + oneMinusBeta1 * gi;
            float vi = beta2 * v[vo + i] + oneMinusBeta2 * gi * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            float d = (float) Math.sqrt(vi) / c2 + eps;
            w[wo + i] = wi - (cg * gi + cm * mi) / d;
        }
    }
}
