package dev.myelin.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Train/validation/test splits by fractions with a fixed seed (70/15/15, 80/10/10, ...),
 * plain or stratified by class.
 *
 * <p>Fractions: train and validation must be {@code > 0}, test {@code >= 0}, and they must sum
 * to 1 within 1e-9. Sizes: {@code validation = round(n * fv)}, {@code test = round(n * ft)},
 * train takes the rest; every part that is asked for must get at least one sample.
 *
 * <p>Plain splits cut one {@link Shuffle#permutation(int, long)} of {@code [0, n)} into
 * train, validation and test in that order. Stratified splits give each class a share of the
 * validation and test sizes proportional to its count (largest remainder, ties to the lower
 * class), draw each class's members from one {@code SplittableRandom(seed)} in class order, and
 * then shuffle each part with the same generator so classes are interleaved.
 *
 * <p>Stateless; thread-safe.
 */
public final class Splits {
    private static final double SUM_TOLERANCE = 1e-9;

    private Splits() {
    }

    /** A seeded random split of {@code data} by the given fractions. */
    public static Split random(Dataset data, double train, double validation, double test, long seed) {
        Objects.requireNonNull(data, "data");
        int[][] parts = randomIndices(data.size(), train, validation, test, seed);
        return toSplit(data, parts);
    }

    /** A seeded split of a classification set that keeps each class's proportion in every part. */
    public static Split stratified(Dataset data, double train, double validation, double test, long seed) {
        Objects.requireNonNull(data, "data");
        if (!data.isClassification()) {
            throw new IllegalArgumentException("stratified split needs a classification data set; '" + data.name()
                    + "' is a regression set, use Splits.random");
        }
        int[][] parts = stratifiedIndices(data.labels(), data.numClasses(), train, validation, test, seed);
        return toSplit(data, parts);
    }

    /**
     * Indices of a seeded random split of {@code n} samples: {@code [3][]} holding train,
     * validation and test indices (test may be empty when its fraction is 0).
     */
    public static int[][] randomIndices(int n, double train, double validation, double test, long seed) {
        int[] sizes = sizes(n, train, validation, test);
        int[] perm = Shuffle.permutation(n, seed);
        int[] tr = Arrays.copyOfRange(perm, 0, sizes[0]);
        int[] va = Arrays.copyOfRange(perm, sizes[0], sizes[0] + sizes[1]);
        int[] te = Arrays.copyOfRange(perm, sizes[0] + sizes[1], n);
        return new int[][] {tr, va, te};
    }

    /**
     * Indices of a seeded stratified split of samples with class {@code labels} {@code [n]}:
     * {@code [3][]} holding train, validation and test indices.
     */
    public static int[][] stratifiedIndices(int[] labels, int numClasses, double train, double validation,
                                            double test, long seed) {
        Objects.requireNonNull(labels, "labels");
        int n = labels.length;
        int[] sizes = sizes(n, train, validation, test);
        int[][] members = ClassMembers.of(labels, numClasses);
        int[] counts = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            counts[c] = members[c].length;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int[] m : members) {
            Shuffle.shuffleInPlace(m, rng);
        }
        int[] valPerClass = allocate(sizes[1], counts, counts);
        int[] left = new int[numClasses];
        for (int c = 0; c < numClasses; c++) {
            left[c] = counts[c] - valPerClass[c];
        }
        int[] testPerClass = allocate(sizes[2], counts, left);
        int[] tr = new int[sizes[0]];
        int[] va = new int[sizes[1]];
        int[] te = new int[sizes[2]];
        int ti = 0;
        int vi = 0;
        int ei = 0;
        for (int c = 0; c < numClasses; c++) {
            int[] m = members[c];
            int k = 0;
            for (int j = 0; j < valPerClass[c]; j++) {
                va[vi++] = m[k++];
            }
            for (int j = 0; j < testPerClass[c]; j++) {
                te[ei++] = m[k++];
            }
            while (k < m.length) {
                tr[ti++] = m[k++];
            }
        }
        Shuffle.shuffleInPlace(tr, rng);
        Shuffle.shuffleInPlace(va, rng);
        Shuffle.shuffleInPlace(te, rng);
        return new int[][] {tr, va, te};
    }

    /**
     * The sizes {@code [train, validation, test]} for {@code n} samples and the given fractions,
     * after checking the fractions.
     */
    public static int[] sizes(int n, double train, double validation, double test) {
        checkFractions(train, validation, test);
        int nVal = (int) Math.round(n * validation);
        int nTest = (int) Math.round(n * test);
        int nTrain = n - nVal - nTest;
        if (nTrain < 1 || nVal < 1 || (test > 0 && nTest < 1)) {
            throw new IllegalArgumentException("cannot split " + n + " samples by " + train + "/" + validation + "/"
                    + test + ": that gives train " + nTrain + ", validation " + nVal + ", test " + nTest
                    + " samples and every part asked for needs at least one; use more data or larger fractions");
        }
        return new int[] {nTrain, nVal, nTest};
    }

    private static void checkFractions(double train, double validation, double test) {
        if (!(train > 0) || !(validation > 0) || !(test >= 0) || !Double.isFinite(train)
                || !Double.isFinite(validation) || !Double.isFinite(test)) {
            throw new IllegalArgumentException("split fractions must be train > 0, validation > 0 and test >= 0, got "
                    + train + "/" + validation + "/" + test);
        }
        double sum = train + validation + test;
        if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("split fractions must sum to 1, got " + train + " + " + validation
                    + " + " + test + " = " + sum + "; e.g. 0.7/0.15/0.15 or 0.8/0.1/0.1");
        }
    }

    /**
     * Shares {@code total} among classes in proportion to {@code weights}, never giving class
     * {@code c} more than {@code capacity[c]}: floors first, then one more each by largest
     * remainder (ties to the lower class), repeated until all is given.
     */
    static int[] allocate(int total, int[] weights, int[] capacity) {
        int classes = weights.length;
        long weightSum = 0;
        for (int w : weights) {
            weightSum += w;
        }
        int[] out = new int[classes];
        double[] remainder = new double[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            double quota = weightSum == 0 ? 0 : (double) total * weights[c] / weightSum;
            int base = Math.min((int) Math.floor(quota), capacity[c]);
            out[c] = base;
            remainder[c] = quota - Math.floor(quota);
            given += base;
        }
        Integer[] order = new Integer[classes];
        for (int c = 0; c < classes; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Double.compare(remainder[b], remainder[a])
                : Integer.compare(a, b));
        while (given < total) {
            boolean progressed = false;
            for (int k = 0; k < classes && given < total; k++) {
                int c = order[k];
                if (out[c] < capacity[c]) {
                    out[c]++;
                    given++;
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("cannot place " + total + " samples within class capacities");
            }
        }
        return out;
    }

    private static Split toSplit(Dataset data, int[][] parts) {
        Dataset tr = data.subset(data.name() + "/train", parts[0]);
        Dataset va = data.subset(data.name() + "/validation", parts[1]);
        Dataset te = parts[2].length == 0 ? null : data.subset(data.name() + "/test", parts[2]);
        return new Split(tr, va, te);
    }
}
