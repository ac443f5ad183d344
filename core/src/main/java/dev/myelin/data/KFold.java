package dev.myelin.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * K-fold cross-validation: the samples, shuffled by {@link Shuffle#permutation(int, long)}
 * with the seed, are cut into {@code k} consecutive validation folds; the first {@code n % k}
 * folds hold {@code n / k + 1} samples, the rest {@code n / k} (as scikit-learn's KFold). Every
 * sample is in exactly one validation fold; a fold's training set is every other sample, in
 * shuffled order.
 */
public final class KFold {
    private final int k;
    private final long seed;

    /** {@code k >= 2} folds shuffled by {@code seed}. */
    public KFold(int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("k-fold cross-validation needs k >= 2 folds, got " + k);
        }
        this.k = k;
        this.seed = seed;
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

    /** All {@code k} folds of {@code data}. */
    public List<Fold> folds(Dataset data) {
        Objects.requireNonNull(data, "data");
        int n = data.size();
        int[][] val = validationIndices(n);
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
