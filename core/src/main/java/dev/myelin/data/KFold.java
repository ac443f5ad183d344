package dev.myelin.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * K-fold cross-validation: the samples, shuffled by {@link Shuffle#permutation(int, long)}
 * with the seed, are cut into {@code k} consecutive validation folds; the first {@code n % k}
 * folds hold {@code n / k + 1} samples, the rest {@code n / k} (as scikit-learn's KFold). Every
 * sample is in exactly one validation fold; a fold's training set is every other sample, in
 * shuffled order.
 *
 * <p>{@link #stratified(int, long)} folds keep class proportions: each class's members are
 * shuffled (one {@code SplittableRandom(seed)}, classes in order) and dealt round-robin to the
 * folds, the deal continuing from fold to fold across classes, so fold sizes and each class's
 * count per fold differ by at most one.
 *
 * <p>Immutable and thread-safe.
 */
public final class KFold {
    private final int k;
    private final long seed;
    private final boolean stratified;

    /** {@code k >= 2} folds shuffled by {@code seed}. */
    public KFold(int k, long seed) {
        this(k, seed, false);
    }

    private KFold(int k, long seed, boolean stratified) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold cross-validation needs k >= 2 folds, got " + k);
        }
        this.k = k;
        this.seed = seed;
        this.stratified = stratified;
    }

    /** {@code k >= 2} folds that keep each class's proportion, for classification sets. */
    public static KFold stratified(int k, long seed) {
        return new KFold(k, seed, true);
    }

    /** Whether folds are stratified by class. */
    public boolean isStratified() {
        return stratified;
    }

    /** Number of folds. */
    public int k() {
        return k;
    }

    /** The shuffling seed. */
    public long seed() {
        return seed;
    }

    /** The validation indices of each fold, {@code [k][]}, for {@code n >= k} samples. */
    public int[][] validationIndices(int n) {
        if (n < k) {
            throw new IllegalArgumentException(k + "-fold cross-validation needs at least " + k
                    + " samples, got " + n + "; lower k or use more data");
        }
        int[] perm = Shuffle.permutation(n, seed);
        int[][] folds = new int[k][];
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            folds[f] = Arrays.copyOfRange(perm, start, start + size);
            start += size;
        }
        return folds;
    }

    /** The training indices of fold {@code f}: every index of the other folds, in shuffled order. */
    public int[] trainIndices(int n, int f) {
        Objects.checkIndex(f, k);
        return otherFolds(validationIndices(n), f, n);
    }

    /**
     * The validation indices of each stratified fold, {@code [k][]}, for samples with class
     * {@code labels} {@code [n]}; each fold's indices are in shuffled order.
     */
    public int[][] stratifiedValidationIndices(int[] labels, int numClasses) {
        Objects.requireNonNull(labels, "labels");
        int n = labels.length;
        if (n < k) {
            throw new IllegalArgumentException(k + "-fold cross-validation needs at least " + k
                    + " samples, got " + n + "; lower k or use more data");
        }
        int[][] members = ClassMembers.of(labels, numClasses);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sizes = new int[k];
        int[][] folds = new int[k][n / k + 1];
        int next = 0;
        for (int[] m : members) {
            Shuffle.shuffleInPlace(m, rng);
            for (int i : m) {
                folds[next][sizes[next]++] = i;
                next = (next + 1) % k;
            }
        }
        for (int f = 0; f < k; f++) {
            folds[f] = Arrays.copyOf(folds[f], sizes[f]);
            Shuffle.shuffleInPlace(folds[f], rng);
        }
        return folds;
    }

    /** All {@code k} folds of {@code data}, stratified by class when this KFold is. */
    public List<Fold> folds(Dataset data) {
        Objects.requireNonNull(data, "data");
        int n = data.size();
        if (stratified && !data.isClassification()) {
            throw new IllegalArgumentException("stratified k-fold needs a classification data set; '" + data.name()
                    + "' is a regression set, use new KFold(k, seed)");
        }
        int[][] val = stratified ? stratifiedValidationIndices(data.labels(), data.numClasses())
                : validationIndices(n);
        List<Fold> out = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int[] train = otherFolds(val, f, n);
            out.add(new Fold(f, data.subset(data.name() + "/fold" + f + "/train", train),
                    data.subset(data.name() + "/fold" + f + "/validation", val[f])));
        }
        return out;
    }

    private static int[] otherFolds(int[][] folds, int f, int n) {
        int[] out = new int[n - folds[f].length];
        int pos = 0;
        for (int g = 0; g < folds.length; g++) {
            if (g != f) {
                System.arraycopy(folds[g], 0, out, pos, folds[g].length);
                pos += folds[g].length;
            }
        }
        return out;
    }
}
