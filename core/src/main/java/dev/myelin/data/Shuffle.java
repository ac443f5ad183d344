package dev.myelin.data;

import java.util.SplittableRandom;

/**
 * Deterministic shuffling shared by splits, folds, batches and generators.
 *
 * <p>The generator is {@link SplittableRandom} seeded with the caller's seed (SplitMix64: a
 * fixed, documented algorithm with no global state), and permutations are drawn by the
 * Fisher–Yates shuffle from the last position down: for {@code i = n-1 .. 1}, swap {@code i}
 * with {@code rng.nextInt(i + 1)}. The same seed therefore gives the same order on every JVM;
 * tests pin the first indices for fixed seeds.
 *
 * <p>Stateless; thread-safe.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /** The identity permutation {@code [0, 1, ..., n-1]}. */
    public static int[] identity(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative, got " + n);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** A permutation of {@code [0, n)} drawn from {@code new SplittableRandom(seed)}. */
    public static int[] permutation(int n, long seed) {
        int[] out = identity(n);
        shuffleInPlace(out, new SplittableRandom(seed));
        return out;
    }

    /** Fisher–Yates shuffle of {@code values} in place, drawing from {@code rng}. */
    public static void shuffleInPlace(int[] values, SplittableRandom rng) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
    }

    /**
     * The SplitMix64 finaliser (Stafford variant 13) of {@code x + 0x9E3779B97F4A7C15}: a
     * bijection on 64-bit values that spreads consecutive inputs (epochs, fold numbers) far
     * apart, used to derive per-epoch seeds as {@code seed ^ mix(epoch)}.
     */
    public static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
