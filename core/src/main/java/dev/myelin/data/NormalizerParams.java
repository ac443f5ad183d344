package dev.myelin.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The fitted state of a {@link Normalizer}: the per-feature affine map
 * {@code x'[j] = (x[j] - center[j]) / scale[j] + offset[j]} for {@code j} in {@code [0, d)}.
 *
 * <p>{@link StandardScaler}: center = mean, scale = population standard deviation, offset = 0.
 * {@link MinMaxScaler} to {@code [lo, hi]}: center = training minimum,
 * scale = (max - min) / (hi - lo), offset = lo. A constant feature has scale 1 for z-scores and
 * {@code 1 / (hi - lo)} for min-max, so it maps to 0 (or {@code lo}) without a division by zero.
 *
 * <p>Immutable (its arrays are copied in and out) and thread-safe.
 *
 * @param kind   which normaliser made it ("standard", "minmax"), for model files and messages
 * @param center subtracted per feature {@code [d]}
 * @param scale  divisor per feature {@code [d]}, finite and non-zero
 * @param offset added per feature {@code [d]}
 */
public record NormalizerParams(String kind, double[] center, double[] scale, double[] offset) {
    /** Copies the arrays and checks they have one finite entry per feature and non-zero scales. */
    public NormalizerParams {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(center, "center");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(offset, "offset");
        if (center.length == 0 || scale.length != center.length || offset.length != center.length) {
            throw new IllegalArgumentException(kind + " normaliser: center, scale and offset need one entry per "
                    + "feature, got lengths " + center.length + ", " + scale.length + ", " + offset.length);
        }
        for (int j = 0; j < center.length; j++) {
            if (!Double.isFinite(center[j]) || !Double.isFinite(scale[j]) || scale[j] == 0
                    || !Double.isFinite(offset[j])) {
                throw new IllegalArgumentException(kind + " normaliser: feature " + j + " has center " + center[j]
                        + ", scale " + scale[j] + ", offset " + offset[j]
                        + "; all must be finite and the scale non-zero");
            }
        }
        center = center.clone();
        scale = scale.clone();
        offset = offset.clone();
    }

    /** Number of features {@code d} this was fitted on. */
    public int featureCount() {
        return center.length;
    }

    /** A copy of the per-feature centers. */
    @Override
    public double[] center() {
        return center.clone();
    }

    /** A copy of the per-feature divisors. */
    @Override
    public double[] scale() {
        return scale.clone();
    }

    /** A copy of the per-feature offsets. */
    @Override
    public double[] offset() {
        return offset.clone();
    }

    /** A new data set with normalised features and the same targets. */
    public Dataset transform(Dataset data) {
        Objects.requireNonNull(data, "data");
        requireWidth(data.featureCount(), data.name());
        double[] out = data.features().clone();
        transformInPlace(out);
        return data.withFeatures(out, data.featureCount());
    }

    /** Each part of {@code split} normalised with these same parameters. */
    public Split transform(Split split) {
        Objects.requireNonNull(split, "split");
        return new Split(transform(split.train()), transform(split.validation()),
                split.hasTest() ? transform(split.test()) : null);
    }

    /** Normalises the rows of {@code features} {@code [rows, d]} in place (for prediction batches). */
    public void transformInPlace(double[] features) {
        int d = center.length;
        if (features.length % d != 0) {
            throw new IllegalArgumentException(kind + " normaliser fitted on " + d + " features cannot scale an array of "
                    + features.length + " values (not a multiple of " + d + ")");
        }
        for (int base = 0; base < features.length; base += d) {
            for (int j = 0; j < d; j++) {
                features[base + j] = (features[base + j] - center[j]) / scale[j] + offset[j];
            }
        }
    }

    private void requireWidth(int d, String name) {
        if (d != center.length) {
            throw new IllegalArgumentException(kind + " normaliser was fitted on " + center.length
                    + " features but data set '" + name + "' has " + d);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalizerParams p && kind.equals(p.kind) && Arrays.equals(center, p.center)
                && Arrays.equals(scale, p.scale) && Arrays.equals(offset, p.offset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(center), Arrays.hashCode(scale), Arrays.hashCode(offset));
    }

    @Override
    public String toString() {
        return "NormalizerParams[" + kind + ", center=" + Arrays.toString(center) + ", scale="
                + Arrays.toString(scale) + ", offset=" + Arrays.toString(offset) + "]";
    }
}
