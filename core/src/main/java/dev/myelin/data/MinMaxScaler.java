package dev.myelin.data;

import java.util.Arrays;

/**
 * Min-max scaling of each feature to {@code [lo, hi]}, default {@code [0, 1]}, from the training
 * minimum and maximum (scikit-learn's {@code MinMaxScaler}). Validation and test values outside
 * the training range map outside {@code [lo, hi]}; they are not clipped. A feature constant in
 * training maps to {@code lo}.
 *
 * <p>Immutable and thread-safe.
 */
public final class MinMaxScaler implements Normalizer {
    /** The {@link NormalizerParams#kind()} of this scaler's output. */
    public static final String KIND = "minmax";

    private final double lo;
    private final double hi;

    /** Scaling to {@code [0, 1]}. */
    public MinMaxScaler() {
        this(0.0, 1.0);
    }

    /** Scaling to {@code [lo, hi]} with finite {@code lo < hi}. */
    public MinMaxScaler(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi)) {
            throw new IllegalArgumentException("min-max target range needs finite lo < hi, got [" + lo + ", " + hi + "]");
        }
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    public NormalizerParams fit(Dataset train) {
        int d = train.featureCount();
        double[] x = train.features();
        double[] min = new double[d];
        double[] max = new double[d];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int base = 0; base < x.length; base += d) {
            for (int j = 0; j < d; j++) {
                min[j] = Math.min(min[j], x[base + j]);
                max[j] = Math.max(max[j], x[base + j]);
            }
        }
        double[] scale = new double[d];
        double[] offset = new double[d];
        for (int j = 0; j < d; j++) {
            double range = max[j] - min[j];
            scale[j] = (range == 0 ? 1.0 : range) / (hi - lo);
            offset[j] = lo;
        }
        return new NormalizerParams(KIND, min, scale, offset);
    }
}
