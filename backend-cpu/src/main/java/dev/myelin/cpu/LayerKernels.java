package dev.myelin.cpu;

import dev.myelin.backend.Tensor;

/**
 * CPU layer operations of {@link dev.myelin.backend.Backend}: batch norm, layer norm, PReLU, maxout, dropout masks,
 * element-wise product, clamping and the clipping scale. Each operation checks its shapes and scalars here, once for
 * both precisions, then runs its body in {@link LayerKernels64} or {@link LayerKernels32} (generated from one
 * template). Tensors reach this class already checked by {@link CpuBackend} (live, of this backend).
 *
 * <p>Not thread-safe: one call at a time (the owning backend is used by one thread at a time).
 */
abstract class LayerKernels {

    // ---------------------------------------------------------------- shape checks

    private static void sameShape(String op, String a, Tensor x, String b, Tensor y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new IllegalArgumentException(op + ": " + b + " must have the shape of " + a + " " + x.shape() + ", got " + y.shape());
        }
    }

    private static void vector(String op, String role, Tensor v, int n) {
        if (v.size() != n) {
            throw new IllegalArgumentException(op + ": " + role + " must have " + n + " elements ([1, " + n + "]), got " + v.shape());
        }
    }

    private static void atLeastOne(String op, String role, Tensor t) {
        if (t.size() < 1) {
            throw new IllegalArgumentException(op + ": " + role + " needs at least one element, got " + t.shape());
        }
    }

    private static void positiveEpsilon(String op, double epsilon) {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException(op + ": epsilon must be a finite number > 0, got " + epsilon);
        }
    }

    private static void rowStatistics(String op, Tensor savedMean, Tensor savedInvStd, int n) {
        if (savedMean.size() != n || savedInvStd.size() != n) {
            throw new IllegalArgumentException(op + ": savedMean and savedInvStd must have " + n + " elements ([" + n + ", 1]), got "
                    + savedMean.shape() + " and " + savedInvStd.shape());
        }
    }

    private static void maxoutK(String op, int k) {
        if (k < 1) {
            throw new IllegalArgumentException(op + ": k must be >= 1, got " + k);
        }
    }

    // ---------------------------------------------------------------- batch norm

    final void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum, Tensor runningMean,
                                        Tensor runningVar, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        String op = "batchNormForwardTraining";
        int d = x.cols();
        if (x.rows() < 2) {
            throw new IllegalArgumentException(op + ": needs at least 2 rows to estimate a variance per feature, got x " + x.shape());
        }
        positiveEpsilon(op, epsilon);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(op + ": momentum must be in [0, 1], got " + momentum);
        }
        sameShape(op, "x", x, "out", out);
        vector(op, "gamma", gamma, d);
        vector(op, "beta", beta, d);
        vector(op, "runningMean", runningMean, d);
        vector(op, "runningVar", runningVar, d);
        vector(op, "savedMean", savedMean, d);
        vector(op, "savedInvStd", savedInvStd, d);
        computeBatchNormForwardTraining(x, gamma, beta, epsilon, momentum, runningMean, runningVar, out, savedMean, savedInvStd);
    }

    final void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean, Tensor runningVar,
                                         Tensor out) {
        String op = "batchNormForwardInference";
        int d = x.cols();
        positiveEpsilon(op, epsilon);
        sameShape(op, "x", x, "out", out);
        vector(op, "gamma", gamma, d);
        vector(op, "beta", beta, d);
        vector(op, "runningMean", runningMean, d);
        vector(op, "runningVar", runningVar, d);
        computeBatchNormForwardInference(x, gamma, beta, epsilon, runningMean, runningVar, out);
    }

    final void batchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                 Tensor gradGamma, Tensor gradBeta) {
        String op = "batchNormBackward";
        int d = x.cols();
        sameShape(op, "x", x, "gradOut", gradOut);
        sameShape(op, "x", x, "gradX", gradX);
        vector(op, "gamma", gamma, d);
        vector(op, "savedMean", savedMean, d);
        vector(op, "savedInvStd", savedInvStd, d);
        vector(op, "gradGamma", gradGamma, d);
        vector(op, "gradBeta", gradBeta, d);
        computeBatchNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    // ---------------------------------------------------------------- layer norm

    final void layerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        String op = "layerNormForward";
        int d = x.cols();
        positiveEpsilon(op, epsilon);
        if (d < 1) {
            throw new IllegalArgumentException(op + ": x needs at least one feature, got " + x.shape());
        }
        sameShape(op, "x", x, "out", out);
        vector(op, "gamma", gamma, d);
        vector(op, "beta", beta, d);
        rowStatistics(op, savedMean, savedInvStd, x.rows());
        computeLayerNormForward(x, gamma, beta, epsilon, out, savedMean, savedInvStd);
    }

    final void layerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                 Tensor gradGamma, Tensor gradBeta) {
        String op = "layerNormBackward";
        int d = x.cols();
        sameShape(op, "x", x, "gradOut", gradOut);
        sameShape(op, "x", x, "gradX", gradX);
        vector(op, "gamma", gamma, d);
        vector(op, "gradGamma", gradGamma, d);
        vector(op, "gradBeta", gradBeta, d);
        rowStatistics(op, savedMean, savedInvStd, x.rows());
        computeLayerNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }

    // ---------------------------------------------------------------- PReLU

    final void preluForward(Tensor z, Tensor alpha, Tensor out) {
        String op = "preluForward";
        sameShape(op, "z", z, "out", out);
        vector(op, "alpha", alpha, z.cols());
        computePreluForward(z, alpha, out);
    }

    final void preluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        String op = "preluBackward";
        sameShape(op, "z", z, "gradOut", gradOut);
        sameShape(op, "z", z, "gradZ", gradZ);
        vector(op, "alpha", alpha, z.cols());
        vector(op, "gradAlpha", gradAlpha, z.cols());
        computePreluBackward(z, alpha, gradOut, gradZ, gradAlpha);
    }

    // ---------------------------------------------------------------- maxout

    final void maxoutForward(Tensor z, int k, Tensor out, Tensor argmax) {
        String op = "maxoutForward";
        maxoutK(op, k);
        int units = out.cols();
        if (out.rows() != z.rows() || z.cols() != units * k) {
            throw new IllegalArgumentException(op + ": z must be [n, units·k] and out [n, units] with k = " + k + ", got z " + z.shape()
                    + " and out " + out.shape());
        }
        sameShape(op, "out", out, "argmax", argmax);
        computeMaxoutForward(z, k, out, argmax);
    }

    final void maxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        String op = "maxoutBackward";
        maxoutK(op, k);
        int units = gradOut.cols();
        if (gradZ.rows() != gradOut.rows() || gradZ.cols() != units * k) {
            throw new IllegalArgumentException(op + ": gradZ must be [n, units·k] for gradOut [n, units] with k = " + k + ", got gradOut "
                    + gradOut.shape() + " and gradZ " + gradZ.shape());
        }
        sameShape(op, "gradOut", gradOut, "argmax", argmax);
        computeMaxoutBackward(gradOut, argmax, k, gradZ);
    }

    // ---------------------------------------------------------------- dropout and element-wise

    final void dropoutMask(long seed, long step, int layer, double p, Tensor mask) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropoutMask: the drop probability p must be in [0, 1), got " + p);
        }
        computeDropoutMask(seed, step, layer, p, mask);
    }

    final void multiply(Tensor a, Tensor b, Tensor out) {
        if (a.size() != b.size() || a.size() != out.size()) {
            throw new IllegalArgumentException("multiply: sizes must be equal, got a " + a.shape() + ", b " + b.shape() + " and out "
                    + out.shape());
        }
        computeMultiply(a, b, out);
    }

    final void clamp(Tensor x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: need lo <= hi, got lo = " + lo + " and hi = " + hi);
        }
        computeClamp(x, lo, hi);
    }

    final void clipScale(Tensor sumSquares, double maxNorm, Tensor scale) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipScale: maxNorm must be > 0, got " + maxNorm);
        }
        atLeastOne("clipScale", "sumSquares", sumSquares);
        atLeastOne("clipScale", "scale", scale);
        computeClipScale(sumSquares, maxNorm, scale);
    }

    // ---------------------------------------------------------------- bodies, per precision (arguments checked)

    abstract void computeBatchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, double epsilon, double momentum,
                                                  Tensor runningMean, Tensor runningVar, Tensor out, Tensor savedMean, Tensor savedInvStd);

    abstract void computeBatchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor runningMean,
                                                   Tensor runningVar, Tensor out);

    abstract void computeBatchNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                           Tensor gradGamma, Tensor gradBeta);

    abstract void computeLayerNormForward(Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean,
                                          Tensor savedInvStd);

    abstract void computeLayerNormBackward(Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor gradX,
                                           Tensor gradGamma, Tensor gradBeta);

    abstract void computePreluForward(Tensor z, Tensor alpha, Tensor out);

    abstract void computePreluBackward(Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha);

    abstract void computeMaxoutForward(Tensor z, int k, Tensor out, Tensor argmax);

    /** Fails on an argmax outside {@code [0, k)}. */
    abstract void computeMaxoutBackward(Tensor gradOut, Tensor argmax, int k, Tensor gradZ);

    abstract void computeDropoutMask(long seed, long step, int layer, double p, Tensor mask);

    abstract void computeMultiply(Tensor a, Tensor b, Tensor out);

    abstract void computeClamp(Tensor x, double lo, double hi);

    abstract void computeClipScale(Tensor sumSquares, double maxNorm, Tensor scale);
}
