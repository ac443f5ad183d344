package dev.myelin.data;

/**
 * Standardisation (z-score) of each feature: subtract the training mean, divide by the training
 * population standard deviation {@code sqrt(Σ(x - mean)² / n)}, as scikit-learn's
 * {@code StandardScaler}. A feature constant in training (every value equal, so standard
 * deviation 0 up to rounding in the mean) is only centred, so it maps to 0.
 *
 * <p>Immutable and thread-safe.
 */
public final class StandardScaler implements Normalizer {
    /** The {@link NormalizerParams#kind()} of this scaler's output. */
    public static final String KIND = "standard";

    @Override
    public NormalizerParams fit(Dataset train) {
        int d = train.featureCount();
        int n = train.size();
        double[] x = train.features();
        double[] mean = new double[d];
        for (int base = 0; base < x.length; base += d) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[base + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] sumSq = new double[d];
        boolean[] varies = new boolean[d];
        for (int base = 0; base < x.length; base += d) {
            for (int j = 0; j < d; j++) {
                double dev = x[base + j] - mean[j];
                sumSq[j] += dev * dev;
                varies[j] |= x[base + j] != x[j];
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(sumSq[j] / n);
            std[j] = varies[j] && s > 0 ? s : 1.0;
            if (!varies[j]) {
                mean[j] = x[j];
            }
        }
        return new NormalizerParams(KIND, mean, std, new double[d]);
    }
}
