package dev.myelin.backend.spi;

import static dev.myelin.backend.spi.Shapes.shapeOf;
import static dev.myelin.backend.spi.Shapes.vectorOf;

import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.Tensor;
import dev.myelin.util.ArgumentChecks;

/**
 * Validation of the layer operations of a backend (element-wise product, dropout masks, batch norm, layer norm,
 * PReLU, maxout), made once here and called by every backend as the first line of the operation. Per-feature
 * vectors are {@code [1, features]} of {@code x}'s columns; layer norm's saved statistics are {@code [rows, 1]}.
 * Throws as {@link Operands} does, and {@link IllegalArgumentException} naming the operation, the operand and the
 * shapes or value.
 *
 * <p>Stateless; thread-safe.
 */
public final class LayerChecks {

    private LayerChecks() {
    }

    /** a, b and out have as many elements. */
    public static void multiply(Operands live, Tensor a, Tensor b, Tensor out) {
        live.live("multiply", "a", a, "b", b, "out", out);
        if (a.size() != b.size() || a.size() != out.size()) {
            throw new IllegalArgumentException("multiply: sizes must be equal, got a " + a.shape() + ", b " + b.shape() + " and out "
                    + out.shape());
        }
    }

    /** The drop probability p is in [0, 1). */
    public static void dropoutMask(Operands live, double p, Tensor mask) {
        live.live("dropoutMask", "mask", mask);
        ArgumentChecks.inClosedOpenUnitInterval("dropoutMask: the drop probability p", p);
    }

    /** At least 2 rows, ε > 0, momentum in [0, 1], out shaped as x, every other operand {@code [1, features]}. */
    public static void batchNormForwardTraining(Operands live, BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                                Tensor runningVar, Tensor out, Tensor savedMean, Tensor savedInvStd) {
        final String op = "batchNormForwardTraining";
        ArgumentChecks.notNull("batchNormForwardTraining: spec", spec);
        live.live(op, "x", x, "gamma", gamma, "beta", beta);
        live.live(op, "runningMean", runningMean, "runningVar", runningVar, "out", out);
        live.live(op, "savedMean", savedMean, "savedInvStd", savedInvStd);
        if (x.rows() < 2) {
            throw new IllegalArgumentException(op + ": needs at least 2 rows to estimate a variance per feature, got x " + x.shape());
        }
        ArgumentChecks.positive(op + ": epsilon", spec.epsilon());
        ArgumentChecks.inUnitInterval(op + ": momentum", spec.momentum());
        batchNormOperands(op, x, gamma, beta, runningMean, runningVar, out);
        vectorOf(op, "savedMean", savedMean, x.cols());
        vectorOf(op, "savedInvStd", savedInvStd, x.cols());
    }

    /** ε > 0, out shaped as x, gamma, beta and the running estimates {@code [1, features]}. */
    public static void batchNormForwardInference(Operands live, BatchNormSettings spec, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                                 Tensor runningVar, Tensor out) {
        final String op = "batchNormForwardInference";
        ArgumentChecks.notNull("batchNormForwardInference: spec", spec);
        live.live(op, "x", x, "gamma", gamma, "beta", beta);
        live.live(op, "runningMean", runningMean, "runningVar", runningVar, "out", out);
        ArgumentChecks.positive(op + ": epsilon", spec.epsilon());
        batchNormOperands(op, x, gamma, beta, runningMean, runningVar, out);
    }

    /** gradOut and gradX shaped as x; gamma, the saved statistics and the parameter gradients {@code [1, features]}. */
    public static void batchNormBackward(Operands live, Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd,
                                         Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        final String op = "batchNormBackward";
        normBackward(live, op, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        vectorOf(op, "savedMean", savedMean, x.cols());
        vectorOf(op, "savedInvStd", savedInvStd, x.cols());
    }

    /** ε > 0, at least one feature, out shaped as x, gamma and beta {@code [1, features]}, saved statistics {@code [rows, 1]}. */
    public static void layerNormForward(Operands live, Tensor x, Tensor gamma, Tensor beta, double epsilon, Tensor out, Tensor savedMean,
                                        Tensor savedInvStd) {
        final String op = "layerNormForward";
        live.live(op, "x", x, "gamma", gamma, "beta", beta);
        live.live(op, "out", out, "savedMean", savedMean, "savedInvStd", savedInvStd);
        ArgumentChecks.positive(op + ": epsilon", epsilon);
        atLeastOneFeature(op, x);
        shapeOf(op, "x", x, "out", out);
        vectorOf(op, "gamma", gamma, x.cols());
        vectorOf(op, "beta", beta, x.cols());
        rowStatistics(op, x, savedMean, savedInvStd);
    }

    /** gradOut and gradX shaped as x, at least one feature; gamma and the parameter gradients {@code [1, features]}, saved statistics {@code [rows, 1]}. */
    public static void layerNormBackward(Operands live, Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd,
                                         Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        final String op = "layerNormBackward";
        normBackward(live, op, x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        atLeastOneFeature(op, x);
        rowStatistics(op, x, savedMean, savedInvStd);
    }

    /** out shaped as z, alpha {@code [1, features]}. */
    public static void preluForward(Operands live, Tensor z, Tensor alpha, Tensor out) {
        final String op = "preluForward";
        live.live(op, "z", z, "alpha", alpha, "out", out);
        shapeOf(op, "z", z, "out", out);
        vectorOf(op, "alpha", alpha, z.cols());
    }

    /** gradOut and gradZ shaped as z, alpha and gradAlpha {@code [1, features]}. */
    public static void preluBackward(Operands live, Tensor z, Tensor alpha, Tensor gradOut, Tensor gradZ, Tensor gradAlpha) {
        final String op = "preluBackward";
        live.live(op, "z", z, "alpha", alpha, "gradOut", gradOut);
        live.live(op, "gradZ", gradZ, "gradAlpha", gradAlpha);
        shapeOf(op, "z", z, "gradOut", gradOut);
        shapeOf(op, "z", z, "gradZ", gradZ);
        vectorOf(op, "alpha", alpha, z.cols());
        vectorOf(op, "gradAlpha", gradAlpha, z.cols());
    }

    /** k ≥ 1, z {@code [n, units·k]}, out {@code [n, units]} and argmax an INT32 tensor {@code [n, units]}. */
    public static void maxoutForward(Operands live, Tensor z, int k, Tensor out, Tensor argmax) {
        maxoutOperands(live, "maxoutForward", "z", z, "out", out, argmax, k);
    }

    /**
     * k ≥ 1, gradOut {@code [n, units]}, argmax an INT32 tensor {@code [n, units]}, gradZ {@code [n, units·k]}. The
     * arg-max values are on the device; the backend checks them where it reads them.
     */
    public static void maxoutBackward(Operands live, Tensor gradOut, Tensor argmax, int k, Tensor gradZ) {
        maxoutOperands(live, "maxoutBackward", "gradZ", gradZ, "gradOut", gradOut, argmax, k);
    }

    /**
     * What both maxout passes share: live operands, k ≥ 1, the pieces {@code [n, units·k]} (z or gradZ), the units
     * {@code [n, units]} (out or gradOut) and the INT32 argmax shaped as the units.
     */
    private static void maxoutOperands(Operands live, String op, String piecesRole, Tensor pieces, String unitsRole, Tensor units, Tensor argmax,
                                       int k) {
        live.live(op, piecesRole, pieces, unitsRole, units);
        live.int32(op, "argmax", argmax);
        ArgumentChecks.atLeast(op + ": k", k, 1);
        if (pieces.rows() != units.rows() || (long) units.cols() * k != pieces.cols()) {
            throw new IllegalArgumentException(op + ": " + piecesRole + " must be [n, units·k] and " + unitsRole + " [n, units] with k = " + k
                    + ", got " + piecesRole + " " + pieces.shape() + " and " + unitsRole + " " + units.shape());
        }
        shapeOf(op, unitsRole, units, "argmax", argmax);
    }

    /** What both batch norm forward passes share: out shaped as x, gamma, beta and the running estimates per feature. */
    private static void batchNormOperands(String op, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, Tensor out) {
        shapeOf(op, "x", x, "out", out);
        int d = x.cols();
        vectorOf(op, "gamma", gamma, d);
        vectorOf(op, "beta", beta, d);
        vectorOf(op, "runningMean", runningMean, d);
        vectorOf(op, "runningVar", runningVar, d);
    }

    /** What batch and layer norm backward share: live operands, gradOut and gradX shaped as x, gamma and its gradients per feature. */
    private static void normBackward(Operands live, String op, Tensor x, Tensor gradOut, Tensor gamma, Tensor savedMean, Tensor savedInvStd,
                                     Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
        live.live(op, "x", x, "gradOut", gradOut, "gamma", gamma);
        live.live(op, "savedMean", savedMean, "savedInvStd", savedInvStd, "gradX", gradX);
        live.live(op, "gradGamma", gradGamma, "gradBeta", gradBeta);
        shapeOf(op, "x", x, "gradOut", gradOut);
        shapeOf(op, "x", x, "gradX", gradX);
        int d = x.cols();
        vectorOf(op, "gamma", gamma, d);
        vectorOf(op, "gradGamma", gradGamma, d);
        vectorOf(op, "gradBeta", gradBeta, d);
    }

    private static void atLeastOneFeature(String op, Tensor x) {
        if (x.cols() < 1) {
            throw new IllegalArgumentException(op + ": x needs at least one feature, got " + x.shape());
        }
    }

    private static void rowStatistics(String op, Tensor x, Tensor savedMean, Tensor savedInvStd) {
        int n = x.rows();
        if (savedMean.size() != n || savedInvStd.size() != n) {
            throw new IllegalArgumentException(op + ": savedMean and savedInvStd must have " + n + " elements ([" + n + ", 1]), got "
                    + savedMean.shape() + " and " + savedInvStd.shape());
        }
    }
}
