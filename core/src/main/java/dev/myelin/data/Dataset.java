package dev.myelin.data;

import dev.myelin.util.ArgumentChecks;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An immutable in-memory data set of {@code n} samples: features {@code [n, d]} and targets
 * {@code [n, t]}, both flat row-major {@code double[]}.
 *
 * <p>A classification set holds each sample's class index (0 .. numClasses-1, stored as a
 * double) in a single target column ({@code t = 1}) and knows {@code numClasses >= 2}; a
 * regression set has {@code numClasses = 0} and any {@code t >= 1} real-valued targets.
 *
 * <p>Every factory copies its input and validates it: the set is not empty, shapes agree,
 * features (and regression targets) are finite, labels lie in {@code [0, numClasses)}. A failed
 * check throws {@link IllegalArgumentException} naming the problem, the row and column, and what
 * to do about it.
 *
 * <p>A classification set may carry the names of its classes ({@link #classNames()}, e.g. the
 * strings of a CSV label column), name {@code k} for class index {@code k}; subsets, splits and
 * normalised copies keep them, so a model trained on the set can save them.
 *
 * <p>{@link #features()} and {@link #targets()} return the internal arrays without copying, so
 * batching stays allocation-free; callers must not modify them.
 *
 * <p>A float32 set ({@link #classificationFloat32}, {@link #toFloat32()}) keeps its features in a
 * {@code float[]} ({@link #featuresFloat32()}): half the memory, and what a float32 backend trains on
 * without widening. Its {@link #features()} is a widened copy.
 */
public final class Dataset {
    private final String name;
    private final int size;
    private final int featureCount;
    private final int targetWidth;
    private final int numClasses;
    /** The features of a float64 set, else null. */
    private final double[] features;
    /** The features of a float32 set, else null. */
    private final float[] features32;
    private final double[] targets;
    private final List<String> classNames;

    private Dataset(String name, int size, int featureCount, int targetWidth, int numClasses,
                    double[] features, double[] targets, List<String> classNames) {
        this(name, size, featureCount, targetWidth, numClasses, features, null, targets, classNames);
    }

    private Dataset(String name, int size, int featureCount, int targetWidth, int numClasses,
                    double[] features, float[] features32, double[] targets, List<String> classNames) {
        this.name = name;
        this.size = size;
        this.featureCount = featureCount;
        this.targetWidth = targetWidth;
        this.numClasses = numClasses;
        this.features = features;
        this.features32 = features32;
        this.targets = targets;
        this.classNames = classNames;
    }

    /**
     * A classification set whose features {@code [n, featureCount]} are stored in float32. The array is
     * taken as it is, without a copy (it can be large): do not modify it afterwards. Labels are copied.
     */
    public static Dataset classificationFloat32(String name, float[] features, int featureCount, int[] labels, int numClasses) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (featureCount < 1 || features.length == 0 || features.length % featureCount != 0
                || features.length / featureCount != labels.length) {
            throw new IllegalArgumentException("data set '" + name + "': " + features.length + " feature values with featureCount "
                    + featureCount + " do not make one row per label (" + labels.length + " labels)");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("data set '" + name + "': numClasses must be at least 2 for classification, got " + numClasses);
        }
        for (int k = 0; k < features.length; k++) {
            if (!Float.isFinite(features[k])) {
                throw new IllegalArgumentException("data set '" + name + "': feature at row " + (k / featureCount) + ", column "
                        + (k % featureCount) + " is " + features[k] + "; remove or impute missing and non-finite values before training");
            }
        }
        double[] targets = toDoubles(labels);
        checkLabels(name, targets, numClasses);
        return new Dataset(name, labels.length, featureCount, 1, numClasses, null, features, targets, List.of());
    }

    /** Whether the features are stored in float32 ({@link #featuresFloat32()}). */
    public boolean isFloat32() {
        return features32 != null;
    }

    /** The internal float32 feature array {@code [n, d]} of a float32 set (null for a float64 set); do not modify. */
    public float[] featuresFloat32() {
        return features32;
    }

    /** This set with its features rounded to float32 (half the memory): itself when it already is one. */
    public Dataset toFloat32() {
        if (features32 != null) {
            return this;
        }
        float[] f = new float[features.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) features[i];
        }
        return new Dataset(name, size, featureCount, targetWidth, numClasses, null, f, targets, classNames);
    }

    /**
     * A classification set from feature rows {@code [n][d]} and class indices {@code [n]} in
     * {@code [0, numClasses)}.
     */
    public static Dataset classification(String name, double[][] features, int[] labels, int numClasses) {
        Objects.requireNonNull(labels, "labels");
        double[] flat = flatten(name, features, "feature");
        if (labels.length != features.length) {
            throw new IllegalArgumentException("data set '" + name + "': " + features.length
                    + " feature rows but " + labels.length + " labels; give exactly one label per row");
        }
        return build(name, flat, features[0].length, toDoubles(labels), 1, numClasses);
    }

    /** A regression set from feature rows {@code [n][d]} and target rows {@code [n][t]}. */
    public static Dataset regression(String name, double[][] features, double[][] targets) {
        Objects.requireNonNull(targets, "targets");
        double[] flatFeatures = flatten(name, features, "feature");
        if (targets.length != features.length) {
            throw new IllegalArgumentException("data set '" + name + "': " + features.length
                    + " feature rows but " + targets.length + " target rows; give exactly one target row per feature row");
        }
        double[] flatTargets = flatten(name, targets, "target");
        return build(name, flatFeatures, features[0].length, flatTargets, targets[0].length, 0);
    }

    /**
     * The general factory on flat row-major arrays: {@code features} is {@code [n, featureCount]},
     * {@code targets} is {@code [n, targetWidth]}. With {@code numClasses >= 2} this is a
     * classification set and {@code targetWidth} must be 1 with integral labels; with
     * {@code numClasses == 0} it is a regression set. Both arrays are copied.
     */
    public static Dataset fromFlat(String name, double[] features, int featureCount,
                                   double[] targets, int targetWidth, int numClasses) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        return build(name, features.clone(), featureCount, targets.clone(), targetWidth, numClasses);
    }

    /** Validates and wraps arrays the caller has already copied. */
    private static Dataset build(String name, double[] features, int featureCount,
                                 double[] targets, int targetWidth, int numClasses) {
        Objects.requireNonNull(name, "name");
        ArgumentChecks.atLeast("data set '" + name + "': featureCount", featureCount, 1);
        if (features.length == 0) {
            throw empty(name);
        }
        if (features.length % featureCount != 0) {
            throw new IllegalArgumentException("data set '" + name + "': features length " + features.length
                    + " is not a multiple of featureCount " + featureCount
                    + "; the flat array must hold whole rows of " + featureCount + " values");
        }
        int n = features.length / featureCount;
        if (numClasses == 1 || numClasses < 0) {
            throw new IllegalArgumentException("data set '" + name + "': numClasses must be at least 2 for "
                    + "classification (or 0 for regression), got " + numClasses);
        }
        ArgumentChecks.atLeast("data set '" + name + "': targetWidth", targetWidth, 1);
        if (numClasses >= 2 && targetWidth != 1) {
            throw new IllegalArgumentException("data set '" + name + "': a classification set holds class indices "
                    + "in one target column, got targetWidth " + targetWidth
                    + "; pass labels, not one-hot rows");
        }
        if ((long) n * targetWidth != targets.length) {
            throw new IllegalArgumentException("data set '" + name + "': " + n + " samples need " + ((long) n * targetWidth)
                    + " target values (" + targetWidth + " per sample) but got " + targets.length);
        }
        checkFiniteFeatures(name, features, featureCount);
        if (numClasses >= 2) {
            checkLabels(name, targets, numClasses);
        } else {
            checkFiniteTargets(name, targets, targetWidth);
        }
        return new Dataset(name, n, featureCount, targetWidth, numClasses, features, targets, List.of());
    }

    /** A classification set on a flat row-major feature array {@code [n, featureCount]}. */
    public static Dataset classification(String name, double[] features, int featureCount, int[] labels,
                                         int numClasses) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (featureCount >= 1 && features.length % featureCount == 0 && features.length / featureCount != labels.length) {
            throw new IllegalArgumentException("data set '" + name + "': " + features.length / featureCount
                    + " feature rows but " + labels.length + " labels; give exactly one label per row");
        }
        return build(name, features.clone(), featureCount, toDoubles(labels), 1, numClasses);
    }

    /** The name given at construction, used in messages and reports. */
    public String name() {
        return name;
    }

    /** Number of samples {@code n}. */
    public int size() {
        return size;
    }

    /** Number of features per sample {@code d}. */
    public int featureCount() {
        return featureCount;
    }

    /** Number of target columns {@code t}: 1 for classification. */
    public int targetWidth() {
        return targetWidth;
    }

    /** Number of classes ({@code >= 2}) for classification, 0 for regression. */
    public int numClasses() {
        return numClasses;
    }

    /**
     * The class names, name {@code k} for class index {@code k} ({@code numClasses} entries), or an
     * empty list when the classes have no names (numeric labels, regression). Unmodifiable.
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * This set with class names attached: exactly {@code numClasses} distinct, non-blank names,
     * name {@code k} for class index {@code k}. The arrays are shared, not copied (the set is
     * immutable). Only for classification sets.
     */
    public Dataset withClassNames(List<String> names) {
        Objects.requireNonNull(names, "names");
        requireClassification("withClassNames");
        List<String> copy = List.copyOf(names);
        if (copy.size() != numClasses) {
            throw new IllegalArgumentException("data set '" + name + "' has " + numClasses + " classes but "
                    + copy.size() + " class names were given " + copy + "; give one name per class index");
        }
        if (new HashSet<>(copy).size() != copy.size() || copy.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("data set '" + name + "': class names must be distinct and non-blank, got "
                    + copy);
        }
        return new Dataset(name, size, featureCount, targetWidth, numClasses, features, features32, targets, copy);
    }

    /** True when this set holds class labels. */
    public boolean isClassification() {
        return numClasses > 0;
    }

    /** The internal feature array {@code [n, d]} row-major; do not modify. For a float32 set, a widened copy. */
    public double[] features() {
        if (features32 != null) {
            double[] wide = new double[features32.length];
            for (int i = 0; i < wide.length; i++) {
                wide[i] = features32[i];
            }
            return wide;
        }
        return features;
    }

    /** The internal target array {@code [n, t]} row-major; do not modify. */
    public double[] targets() {
        return targets;
    }

    /** The class index of sample {@code i}; only for classification sets. */
    public int label(int i) {
        requireClassification("label");
        Objects.checkIndex(i, size);
        return (int) targets[i];
    }

    /** All class indices {@code [n]}, a fresh array; only for classification sets. */
    public int[] labels() {
        requireClassification("labels");
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = (int) targets[i];
        }
        return out;
    }

    /** Feature value of sample {@code row}, feature {@code column}. */
    public double feature(int row, int column) {
        Objects.checkIndex(row, size);
        Objects.checkIndex(column, featureCount);
        return features32 != null ? features32[row * featureCount + column] : features[row * featureCount + column];
    }

    /**
     * A new set holding the samples at {@code indices}, in that order (repeats allowed), with the
     * same name, widths and number of classes.
     */
    public Dataset subset(int[] indices) {
        return subset(name, indices);
    }

    /** As {@link #subset(int[])} with a new name. */
    public Dataset subset(String newName, int[] indices) {
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("subset of data set '" + name + "' would be empty; "
                    + "pass at least one index");
        }
        double[] f = features32 != null ? null : new double[indices.length * featureCount];
        float[] f32 = features32 != null ? new float[indices.length * featureCount] : null;
        double[] t = new double[indices.length * targetWidth];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("subset index " + i + " at position " + k
                        + " is outside [0, " + size + ") for data set '" + name + "'");
            }
            if (f32 != null) {
                System.arraycopy(features32, i * featureCount, f32, k * featureCount, featureCount);
            } else {
                System.arraycopy(features, i * featureCount, f, k * featureCount, featureCount);
            }
            System.arraycopy(targets, i * targetWidth, t, k * targetWidth, targetWidth);
        }
        return new Dataset(newName, indices.length, featureCount, targetWidth, numClasses, f, f32, t, classNames);
    }

    /**
     * A new set with the same targets and {@code newFeatures} {@code [n, newFeatureCount]}
     * (copied and checked finite): how normalisers and augmenters produce their output.
     */
    public Dataset withFeatures(double[] newFeatures, int newFeatureCount) {
        Objects.requireNonNull(newFeatures, "newFeatures");
        if (newFeatureCount < 1 || (long) size * newFeatureCount != newFeatures.length) {
            throw new IllegalArgumentException("data set '" + name + "': replacement features must be [" + size
                    + ", " + newFeatureCount + "] = " + ((long) size * newFeatureCount) + " values, got "
                    + newFeatures.length);
        }
        checkFiniteFeatures(name, newFeatures, newFeatureCount);
        return new Dataset(name, size, newFeatureCount, targetWidth, numClasses, newFeatures.clone(), targets,
                classNames);
    }

    /** One-hot targets {@code [n, numClasses]} row-major, a fresh array; only for classification. */
    public double[] oneHotTargets() {
        requireClassification("oneHotTargets");
        return OneHot.encode(labels(), numClasses);
    }

    /** Number of samples per class {@code [numClasses]}; only for classification. */
    public int[] classCounts() {
        requireClassification("classCounts");
        int[] counts = new int[numClasses];
        for (int i = 0; i < size; i++) {
            counts[(int) targets[i]]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", n=" + size + ", d=" + featureCount
                + (isClassification() ? ", classes=" + numClasses : ", targets=" + targetWidth) + "]";
    }

    private void requireClassification(String what) {
        if (!isClassification()) {
            throw new IllegalStateException(what + "() needs a classification data set; '" + name
                    + "' is a regression set (numClasses = 0)");
        }
    }

    private static IllegalArgumentException empty(String name) {
        return new IllegalArgumentException("data set '" + name + "' is empty (0 samples); "
                + "load or generate at least one sample before building a Dataset");
    }

    private static double[] flatten(String name, double[][] rows, String kind) {
        Objects.requireNonNull(rows, kind + "s");
        if (rows.length == 0) {
            throw empty(name);
        }
        int width = checkRows(name, rows, kind);
        double[] flat = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    private static double[] toDoubles(int[] labels) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    private static int checkRows(String name, double[][] rows, String kind) {
        if (rows[0] == null) {
            throw new IllegalArgumentException("data set '" + name + "': " + kind + " row 0 is null");
        }
        int width = rows[0].length;
        if (width == 0) {
            throw new IllegalArgumentException("data set '" + name + "': " + kind + " rows have no columns; "
                    + "each row needs at least one value");
        }
        for (int i = 1; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new IllegalArgumentException("data set '" + name + "': " + kind + " row " + i + " is null");
            }
            if (rows[i].length != width) {
                throw new IllegalArgumentException("data set '" + name + "': " + kind + " rows have unequal length: row 0 has "
                        + width + " values but row " + i + " has " + rows[i].length
                        + "; every row must have the same number of columns");
            }
        }
        return width;
    }

    private static void checkFiniteFeatures(String name, double[] features, int d) {
        for (int k = 0; k < features.length; k++) {
            double v = features[k];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("data set '" + name + "': feature at row " + (k / d) + ", column "
                        + (k % d) + " is " + v + "; remove or impute missing and non-finite values before training");
            }
        }
    }

    private static void checkFiniteTargets(String name, double[] targets, int t) {
        for (int k = 0; k < targets.length; k++) {
            double v = targets[k];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("data set '" + name + "': regression target at row " + (k / t)
                        + ", column " + (k % t) + " is " + v + "; targets must be finite numbers");
            }
        }
    }

    private static void checkLabels(String name, double[] labels, int numClasses) {
        for (int i = 0; i < labels.length; i++) {
            double v = labels[i];
            if (!(v >= 0 && v < numClasses) || v != Math.rint(v)) {
                String shown = v == Math.rint(v) && Double.isFinite(v) ? Long.toString((long) v) : Double.toString(v);
                throw new IllegalArgumentException("data set '" + name + "': label " + shown + " at row " + i
                        + " is outside [0, " + numClasses + "); labels must be class indices 0.."
                        + (numClasses - 1) + " (raise numClasses or remap the labels)");
            }
        }
    }

    /**
     * Equal when shapes, number of classes, features, targets and class names are equal; the name
     * is ignored.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Dataset)) {
            return false;
        }
        Dataset other = (Dataset) o;
        return size == other.size && featureCount == other.featureCount && targetWidth == other.targetWidth
                && numClasses == other.numClasses && Arrays.equals(features, other.features)
                && Arrays.equals(features32, other.features32) && Arrays.equals(targets, other.targets)
                && classNames.equals(other.classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, featureCount, targetWidth, numClasses, Arrays.hashCode(features),
                Arrays.hashCode(features32), Arrays.hashCode(targets), classNames);
    }
}
