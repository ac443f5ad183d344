package dev.myelin.testkit;

import dev.myelin.backend.BatchNormSettings;
import dev.myelin.backend.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Normalisation layers: batch norm (training, inference, backward) and layer norm (forward, backward) against their
 * formulas.
 *
 * <p>Part of the backend test kit: a backend module's test class implements this interface (or {@link
 * BackendTestKit}, which gathers every area) and supplies the backend; see {@link BackendKit}.
 */
public interface NormalisationKit extends BackendKit {

    private static double[] columnMeans(double[] x, int rows, int cols) {
        double[] mean = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                mean[j] += x[i * cols + j] / rows;
            }
        }
        return mean;
    }

    @Test
    default void batchNormMatchesItsFormulasInTrainingInferenceAndBackward() {
        int n = 19;
        int f = 23;
        double eps = 1e-5;
        double momentum = 0.1;
        double[] xs = gaussian(n * f);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 3 + 2 * xs[i];
        }
        Tensor x = operand(n, f, xs);
        Tensor gamma = operand(1, f, uniform(f, 0.5, 1.5));
        Tensor beta = operand(1, f, gaussian(f));
        Tensor runningMean = operand(1, f, gaussian(f));
        Tensor runningVar = operand(1, f, uniform(f, 0.5, 2));
        Tensor out = operand(n, f);
        Tensor savedMean = operand(1, f);
        Tensor savedInvStd = operand(1, f);
        double[] xv = held(x);
        double[] gv = held(gamma);
        double[] bv = held(beta);
        double[] rm = held(runningMean);
        double[] rv = held(runningVar);
        backend().batchNormForwardTraining(new BatchNormSettings(eps, momentum), x, gamma, beta, runningMean, runningVar, out, savedMean, savedInvStd);

        double[] mean = columnMeans(xv, n, f);
        double[] var = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double d = xv[i * f + j] - mean[j];
                var[j] += d * d / n;
            }
        }
        double[] inv = new double[f];
        double[] rmWant = new double[f];
        double[] rvWant = new double[f];
        for (int j = 0; j < f; j++) {
            inv[j] = 1 / Math.sqrt(var[j] + eps);
            rmWant[j] = (1 - momentum) * rm[j] + momentum * mean[j];
            rvWant[j] = (1 - momentum) * rv[j] + momentum * var[j] * n / (n - 1);
        }
        double[] outWant = new double[n * f];
        double[] outScale = new double[n * f];
        double[] xhat = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                xhat[e] = (xv[e] - mean[j]) * inv[j];
                outWant[e] = gv[j] * xhat[e] + bv[j];
                outScale[e] = Math.abs(gv[j]) * Math.abs(xv[e]) * inv[j] + Math.abs(bv[j]);
            }
        }
        assertClose("batchNorm training out", outWant, held(out), outScale);
        assertClose("batchNorm saved mean", mean, held(savedMean));
        assertClose("batchNorm saved 1/σ", inv, held(savedInvStd));
        assertClose("batchNorm running mean", rmWant, held(runningMean));
        assertClose("batchNorm running variance (unbiased)", rvWant, held(runningVar));

        Tensor inference = operand(n, f);
        double[] rmNow = held(runningMean);
        double[] rvNow = held(runningVar);
        backend().batchNormForwardInference(new BatchNormSettings(eps, momentum), x, gamma, beta, runningMean, runningVar, inference);
        double[] infWant = new double[n * f];
        double[] infScale = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double r = 1 / Math.sqrt(rvNow[j] + eps);
                infWant[e] = gv[j] * (xv[e] - rmNow[j]) * r + bv[j];
                infScale[e] = Math.abs(gv[j]) * (Math.abs(xv[e]) + Math.abs(rmNow[j])) * r + Math.abs(bv[j]);
            }
        }
        assertClose("batchNorm inference", infWant, held(inference), infScale);

        Tensor gradOut = operand(n, f, gaussian(n * f));
        Tensor gradX = operand(n, f);
        Tensor gradGamma = operand(1, f, gaussian(f));
        Tensor gradBeta = operand(1, f, gaussian(f));
        double[] g = held(gradOut);
        backend().batchNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        double[] gBeta = new double[f];
        double[] gGamma = new double[f];
        double[] gBetaAbs = new double[f];
        double[] gGammaAbs = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                gBeta[j] += g[e];
                gGamma[j] += g[e] * xhat[e];
                gBetaAbs[j] += Math.abs(g[e]);
                gGammaAbs[j] += Math.abs(g[e] * xhat[e]);
            }
        }
        double[] gxWant = new double[n * f];
        double[] gxScale = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double c = gv[j] * inv[j] / n;
                gxWant[e] = c * (n * g[e] - gBeta[j] - xhat[e] * gGamma[j]);
                gxScale[e] = Math.abs(c) * (n * Math.abs(g[e]) + gBetaAbs[j] + Math.abs(xhat[e]) * gGammaAbs[j]) * (1 + Math.abs(xv[e]));
            }
        }
        assertClose("batchNorm gradX", gxWant, held(gradX), gxScale);
        assertClose("batchNorm gradGamma", gGamma, held(gradGamma), gGammaAbs);
        assertClose("batchNorm gradBeta", gBeta, held(gradBeta), gBetaAbs);
        assertBordersIntact("batchNorm", out, savedMean, savedInvStd, runningMean, runningVar, inference, gradX, gradGamma, gradBeta);
    }

    @Test
    default void layerNormMatchesItsFormulasForwardAndBackward() {
        int n = 11;
        int f = 29;
        double eps = 1e-5;
        double[] xs = gaussian(n * f);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 1 + 3 * xs[i];
        }
        Tensor x = operand(n, f, xs);
        Tensor gamma = operand(1, f, uniform(f, 0.5, 1.5));
        Tensor beta = operand(1, f, gaussian(f));
        Tensor out = operand(n, f);
        Tensor savedMean = operand(n, 1);
        Tensor savedInvStd = operand(n, 1);
        double[] xv = held(x);
        double[] gv = held(gamma);
        double[] bv = held(beta);
        backend().layerNormForward(x, gamma, beta, eps, out, savedMean, savedInvStd);
        double[] mean = new double[n];
        double[] inv = new double[n];
        double[] xhat = new double[n * f];
        double[] outWant = new double[n * f];
        double[] outScale = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                mean[i] += xv[i * f + j] / f;
            }
            double var = 0;
            for (int j = 0; j < f; j++) {
                double d = xv[i * f + j] - mean[i];
                var += d * d / f;
            }
            inv[i] = 1 / Math.sqrt(var + eps);
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                xhat[e] = (xv[e] - mean[i]) * inv[i];
                outWant[e] = gv[j] * xhat[e] + bv[j];
                outScale[e] = Math.abs(gv[j]) * Math.abs(xv[e]) * inv[i] + Math.abs(bv[j]);
            }
        }
        assertClose("layerNorm out", outWant, held(out), outScale);
        assertClose("layerNorm saved mean", mean, held(savedMean));
        assertClose("layerNorm saved 1/σ", inv, held(savedInvStd));

        Tensor gradOut = operand(n, f, gaussian(n * f));
        Tensor gradX = operand(n, f);
        Tensor gradGamma = operand(1, f, gaussian(f));
        Tensor gradBeta = operand(1, f, gaussian(f));
        double[] g = held(gradOut);
        backend().layerNormBackward(x, gradOut, gamma, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
        double[] gBeta = new double[f];
        double[] gGamma = new double[f];
        double[] gBetaAbs = new double[f];
        double[] gGammaAbs = new double[f];
        double[] gxWant = new double[n * f];
        double[] gxScale = new double[n * f];
        for (int i = 0; i < n; i++) {
            double sumH = 0;
            double sumHx = 0;
            double sumAbs = 0;
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double h = gv[j] * g[e];
                sumH += h;
                sumHx += h * xhat[e];
                sumAbs += Math.abs(h) * (1 + Math.abs(xhat[e]));
                gBeta[j] += g[e];
                gGamma[j] += g[e] * xhat[e];
                gBetaAbs[j] += Math.abs(g[e]);
                gGammaAbs[j] += Math.abs(g[e] * xhat[e]);
            }
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double h = gv[j] * g[e];
                gxWant[e] = inv[i] / f * (f * h - sumH - xhat[e] * sumHx);
                gxScale[e] = inv[i] / f * (f * Math.abs(h) + sumAbs * (1 + Math.abs(xhat[e]))) * (1 + Math.abs(xv[e]));
            }
        }
        assertClose("layerNorm gradX", gxWant, held(gradX), gxScale);
        assertClose("layerNorm gradGamma", gGamma, held(gradGamma), gGammaAbs);
        assertClose("layerNorm gradBeta", gBeta, held(gradBeta), gBetaAbs);
        assertBordersIntact("layerNorm", out, savedMean, savedInvStd, gradX, gradGamma, gradBeta);
    }
}
