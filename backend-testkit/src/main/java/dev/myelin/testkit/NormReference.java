package dev.myelin.testkit;

/**
 * The float64 reference both normalisation layers share, on row-major {@code [n, f]} values: the affine map of the
 * normalised input, {@code x̂ = (x − μ)·(1/σ)}, {@code y = γ·x̂ + β} (batch norm takes μ and 1/σ per feature, layer norm
 * per sample), and the gradients of γ and β, summed over the batch. Each result comes with the magnitude of the terms
 * it combines, the scale {@link BackendKit#assertClose(String, double[], double[], double[])} takes.
 */
final class NormReference {
    private NormReference() {
    }

    /** x̂, y and the scale of y, {@code |γ|·|x|·(1/σ) + |β|}, each {@code [n, f]}. */
    record Affine(double[] xhat, double[] out, double[] outScale) {
    }

    /** ∂L/∂γ = Σ g·x̂ and ∂L/∂β = Σ g over the batch, {@code [f]} each, with Σ |g·x̂| and Σ |g|. */
    record ParameterGradients(double[] gamma, double[] beta, double[] gammaScale, double[] betaScale) {
    }

    /**
     * The affine map of the normalised {@code x}; {@code mean} and {@code inv} (1/σ) are per feature ({@code [f]}) when
     * {@code perFeature}, else per sample ({@code [n]}).
     */
    static Affine affine(double[] x, double[] gamma, double[] beta, double[] mean, double[] inv, int n, int f, boolean perFeature) {
        double[] xhat = new double[n * f];
        double[] out = new double[n * f];
        double[] scale = new double[n * f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                int e = i * f + j;
                int s = perFeature ? j : i;
                xhat[e] = (x[e] - mean[s]) * inv[s];
                out[e] = gamma[j] * xhat[e] + beta[j];
                scale[e] = Math.abs(gamma[j]) * Math.abs(x[e]) * inv[s] + Math.abs(beta[j]);
            }
        }
        return new Affine(xhat, out, scale);
    }

    /** The gradients of γ and β for the upstream gradient {@code g} and the normalised input {@code xhat}. */
    static ParameterGradients parameterGradients(double[] g, double[] xhat, int n, int f) {
        double[] gx = new double[n * f];
        for (int e = 0; e < gx.length; e++) {
            gx[e] = g[e] * xhat[e];
        }
        return new ParameterGradients(ColumnSums.of(gx, n, f, 1), ColumnSums.of(g, n, f, 1), ColumnSums.ofAbs(gx, n, f), ColumnSums.ofAbs(g, n, f));
    }
}
