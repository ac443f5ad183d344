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

    /**
     * The operands both layers start from: x {@code [n, f]} drawn as {@code shift + spread·N(0, 1)}, γ {@code [1, f]}
     * uniform in [0.5, 1.5) and β {@code [1, f]} from N(0, 1) (drawn in that order), with the values they hold.
     */
    record NormInputs(Tensor x, Tensor gamma, Tensor beta, double[] xv, double[] gv, double[] bv) {
    }

    private NormInputs normInputs(int n, int f, double shift, double spread) {
        double[] xs = gaussian(n * f);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = shift + spread * xs[i];
        }
        Tensor x = operand(n, f, xs);
        Tensor gamma = operand(1, f, uniform(f, 0.5, 1.5));
        Tensor beta = operand(1, f, gaussian(f));
        return new NormInputs(x, gamma, beta, held(x), held(gamma), held(beta));
    }

    /** The operands of a backward pass: the upstream gradient (N(0, 1)) with its values, and the three results. */
    record NormGradients(Tensor gradOut, double[] g, Tensor gradX, Tensor gradGamma, Tensor gradBeta) {
    }

    /** ∂L/∂γ and ∂L/∂β start from N(0, 1) values, which the backend must overwrite. */
    private NormGradients normGradients(int n, int f) {
        Tensor gradOut = operand(n, f, gaussian(n * f));
        Tensor gradX = operand(n, f);
        Tensor gradGamma = operand(1, f, gaussian(f));
        Tensor gradBeta = operand(1, f, gaussian(f));
        return new NormGradients(gradOut, held(gradOut), gradX, gradGamma, gradBeta);
    }

    /**
     * Compares a backward pass with the reference: ∂L/∂x against {@code gxWant} (term magnitudes {@code gxScale}), ∂L/∂γ
     * and ∂L/∂β against {@code params}; then checks that no result wrote outside its operand.
     */
    private void assertNormGradients(String layer, NormGradients grads, double[] gxWant, double[] gxScale,
                                     NormReference.ParameterGradients params) {
        assertClose(layer + " gradX", gxWant, held(grads.gradX()), gxScale);
        assertClose(layer + " gradGamma", params.gamma(), held(grads.gradGamma()), params.gammaScale());
        assertClose(layer + " gradBeta", params.beta(), held(grads.gradBeta()), params.betaScale());
        assertBordersIntact(layer + " backward", grads.gradX(), grads.gradGamma(), grads.gradBeta());
    }

    @Test
    default void batchNormMatchesItsFormulasInTrainingInferenceAndBackward() {
        int n = 19;
        int f = 23;
        double eps = 1e-5;
        double momentum = 0.1;
        NormInputs in = normInputs(n, f, 3, 2);
        double[] xv = in.xv();
        double[] gv = in.gv();
        double[] bv = in.bv();
        Tensor runningMean = operand(1, f, gaussian(f));
        Tensor runningVar = operand(1, f, uniform(f, 0.5, 2));
        Tensor out = operand(n, f);
        Tensor savedMean = operand(1, f);
        Tensor savedInvStd = operand(1, f);
        double[] rm = held(runningMean);
        double[] rv = held(runningVar);
        backend().batchNormForwardTraining(new BatchNormSettings(eps, momentum), in.x(), in.gamma(), in.beta(), runningMean, runningVar, out, savedMean, savedInvStd);

        double[] mean = ColumnSums.of(xv, n, f, n);
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
        NormReference.Affine affine = NormReference.affine(xv, gv, bv, mean, inv, n, f, true);
        double[] xhat = affine.xhat();
        assertClose("batchNorm training out", affine.out(), held(out), affine.outScale());
        assertClose("batchNorm saved mean", mean, held(savedMean));
        assertClose("batchNorm saved 1/σ", inv, held(savedInvStd));
        assertClose("batchNorm running mean", rmWant, held(runningMean));
        assertClose("batchNorm running variance (unbiased)", rvWant, held(runningVar));

        Tensor inference = operand(n, f);
        double[] rmNow = held(runningMean);
        double[] rvNow = held(runningVar);
        backend().batchNormForwardInference(new BatchNormSettings(eps, momentum), in.x(), in.gamma(), in.beta(), runningMean, runningVar, inference);
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

        NormGradients grads = normGradients(n, f);
        double[] g = grads.g();
        backend().batchNormBackward(in.x(), grads.gradOut(), in.gamma(), savedMean, savedInvStd, grads.gradX(), grads.gradGamma(), grads.gradBeta());
        NormReference.ParameterGradients params = NormReference.parameterGradients(g, xhat, n, f);
        double[] gxWant = new double[n * f];
        double[] gxScale = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double c = gv[j] * inv[j] / n;
                gxWant[e] = c * (n * g[e] - params.beta()[j] - xhat[e] * params.gamma()[j]);
                gxScale[e] = Math.abs(c) * (n * Math.abs(g[e]) + params.betaScale()[j] + Math.abs(xhat[e]) * params.gammaScale()[j])
                        * (1 + Math.abs(xv[e]));
            }
        }
        assertNormGradients("batchNorm", grads, gxWant, gxScale, params);
        assertBordersIntact("batchNorm", out, savedMean, savedInvStd, runningMean, runningVar, inference);
    }

    @Test
    default void layerNormMatchesItsFormulasForwardAndBackward() {
        int n = 11;
        int f = 29;
        double eps = 1e-5;
        NormInputs in = normInputs(n, f, 1, 3);
        double[] xv = in.xv();
        Tensor out = operand(n, f);
        Tensor savedMean = operand(n, 1);
        Tensor savedInvStd = operand(n, 1);
        backend().layerNormForward(in.x(), in.gamma(), in.beta(), eps, out, savedMean, savedInvStd);
        double[] mean = new double[n];
        double[] inv = new double[n];
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
        }
        NormReference.Affine affine = NormReference.affine(xv, in.gv(), in.bv(), mean, inv, n, f, false);
        double[] xhat = affine.xhat();
        assertClose("layerNorm out", affine.out(), held(out), affine.outScale());
        assertClose("layerNorm saved mean", mean, held(savedMean));
        assertClose("layerNorm saved 1/σ", inv, held(savedInvStd));

        NormGradients grads = normGradients(n, f);
        double[] g = grads.g();
        backend().layerNormBackward(in.x(), grads.gradOut(), in.gamma(), savedMean, savedInvStd, grads.gradX(), grads.gradGamma(), grads.gradBeta());
        double[] gv = in.gv();
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
            }
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                double h = gv[j] * g[e];
                gxWant[e] = inv[i] / f * (f * h - sumH - xhat[e] * sumHx);
                gxScale[e] = inv[i] / f * (f * Math.abs(h) + sumAbs * (1 + Math.abs(xhat[e]))) * (1 + Math.abs(xv[e]));
            }
        }
        assertNormGradients("layerNorm", grads, gxWant, gxScale, NormReference.parameterGradients(g, xhat, n, f));
        assertBordersIntact("layerNorm", out, savedMean, savedInvStd);
    }
}
