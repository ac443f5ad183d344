package dev.myelin.data;

import dev.myelin.util.ArgumentChecks;

import java.util.SplittableRandom;

/**
 * Seeded synthetic data sets for tests, examples and teaching: two moons, circles, spirals, XOR
 * and the linear {@code y = 2x} set.
 *
 * <p>Every generator takes the sample count {@code n}, the standard deviation {@code noise >= 0}
 * of Gaussian noise added to each coordinate (0: points lie exactly on the curves), and a seed;
 * all randomness comes from one {@code new SplittableRandom(seed)}, so a seed gives the same set
 * on every JVM. Classification sets have 2-D features {@code [n, 2]}, classes as balanced as
 * {@code n} allows (sizes differ by at most one), and rows shuffled so classes are interleaved.
 *
 * <p>Stateless; thread-safe: every generator is seeded per call.
 */
public final class Synthetic {
    /** Turns each spiral arm makes from the centre to radius 1. */
    public static final double SPIRAL_TURNS = 1.5;

    private Synthetic() {
    }

    /**
     * Two interleaving half circles (as scikit-learn's {@code make_moons}): class 0 on the upper
     * unit semicircle {@code (cos t, sin t)}, class 1 on {@code (1 - cos t, 0.5 - sin t)},
     * {@code t} evenly spaced in {@code [0, π]}; {@code n / 2} points in class 0, the rest in 1.
     */
    public static Dataset twoMoons(int n, double noise, long seed) {
        check(n, 2, noise);
        return twoClasses("two-moons", n, noise, seed, (classZero, k, count, xy, at) -> {
            double t = Math.PI * fraction(k, count);
            xy[at] = classZero ? Math.cos(t) : 1 - Math.cos(t);
            xy[at + 1] = classZero ? Math.sin(t) : 0.5 - Math.sin(t);
        });
    }

    /**
     * Two concentric circles (as scikit-learn's {@code make_circles}): class 0 on the unit circle,
     * class 1 on the circle of radius {@code factor} in {@code (0, 1)}, angles evenly spaced
     * in {@code [0, 2π)}; {@code n / 2} points in class 0, the rest in 1.
     */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        check(n, 2, noise);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("circles factor (inner radius) must be in (0, 1), got " + factor);
        }
        return twoClasses("circles", n, noise, seed, (classZero, k, count, xy, at) -> {
            double t = 2 * Math.PI * k / count;
            double r = classZero ? 1.0 : factor;
            xy[at] = r * Math.cos(t);
            xy[at + 1] = r * Math.sin(t);
        });
    }

    /**
     * {@code arms >= 2} interleaved spiral arms, one class per arm. Point {@code j} of an arm of
     * {@code m} points has radius {@code r = (j + 1) / m} and angle
     * {@code 2π·arm/arms + 2π·SPIRAL_TURNS·r}.
     */
    public static Dataset spirals(int n, int arms, double noise, long seed) {
        if (arms < 2) {
            throw new IllegalArgumentException("spirals need at least 2 arms, got " + arms);
        }
        check(n, arms, noise);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] xy = new double[2 * n];
        int[] labels = new int[n];
        int i = 0;
        for (int arm = 0; arm < arms; arm++) {
            int m = n / arms + (arm < n % arms ? 1 : 0);
            for (int j = 0; j < m; j++, i++) {
                double r = (j + 1) / (double) m;
                double angle = 2 * Math.PI * arm / arms + 2 * Math.PI * SPIRAL_TURNS * r;
                xy[2 * i] = r * Math.cos(angle);
                xy[2 * i + 1] = r * Math.sin(angle);
                labels[i] = arm;
            }
        }
        return finish("spirals", xy, labels, arms, noise, rng);
    }

    /**
     * The XOR problem: points uniform in the four quadrants of {@code [-1, 1]^2} (sample
     * {@code i} in quadrant {@code i mod 4}), class 1 where {@code x} and {@code y} have opposite
     * signs, class 0 where they agree. Labels are assigned before noise is added.
     */
    public static Dataset xor(int n, double noise, long seed) {
        check(n, 2, noise);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] xy = new double[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int quadrant = i % 4;
            double sx = quadrant == 0 || quadrant == 2 ? 1 : -1;
            double sy = quadrant == 0 || quadrant == 3 ? 1 : -1;
            xy[2 * i] = sx * (1.0 - rng.nextDouble());
            xy[2 * i + 1] = sy * (1.0 - rng.nextDouble());
            labels[i] = quadrant < 2 ? 0 : 1;
        }
        return finish("xor", xy, labels, 2, noise, rng);
    }

    /**
     * The regression set {@code y = 2x + noise·N(0, 1)} at {@code x = 1, 2, ..., n}, in that order
     * (features {@code [n, 1]}, targets {@code [n, 1]}).
     */
    public static Dataset linear(int n, double noise, long seed) {
        check(n, 1, noise);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = 2 * x[i] + (noise == 0 ? 0 : noise * rng.nextGaussian());
        }
        return Dataset.fromFlat("linear-2x", x, 1, y, 1, 0);
    }

    /** The six points {(1,2), (2,4), ..., (6,12)} on {@code y = 2x}: the textbook set for a first gradient-descent run. */
    public static Dataset sixPointsOfTwoX() {
        return linear(6, 0.0, 0L);
    }

    /** Where point {@code k} of the {@code count} points of class 0 ({@code classZero}) or class 1 lies: writes x, y at {@code xy[at]}. */
    @FunctionalInterface
    private interface TwoClassCurve {
        void place(boolean classZero, int k, int count, double[] xy, int at);
    }

    /** {@code n / 2} points of class 0, then the rest of class 1, placed by {@code curve}; then noise and shuffle. */
    private static Dataset twoClasses(String name, int n, double noise, long seed, TwoClassCurve curve) {
        SplittableRandom rng = new SplittableRandom(seed);
        int classZeroCount = n / 2;
        double[] xy = new double[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean classZero = i < classZeroCount;
            curve.place(classZero, classZero ? i : i - classZeroCount, classZero ? classZeroCount : n - classZeroCount, xy, 2 * i);
            labels[i] = classZero ? 0 : 1;
        }
        return finish(name, xy, labels, 2, noise, rng);
    }

    private static double fraction(int k, int count) {
        return count == 1 ? 0.0 : (double) k / (count - 1);
    }

    private static void check(int n, int minimum, double noise) {
        ArgumentChecks.atLeast("n (samples, at least one per class)", n, minimum);
        ArgumentChecks.nonNegative("noise (a standard deviation)", noise);
    }

    private static Dataset finish(String name, double[] xy, int[] labels, int classes, double noise,
                                  SplittableRandom rng) {
        if (noise > 0) {
            for (int k = 0; k < xy.length; k++) {
                xy[k] += noise * rng.nextGaussian();
            }
        }
        int n = labels.length;
        int[] order = Shuffle.identity(n);
        Shuffle.shuffleInPlace(order, rng);
        double[] shuffledXy = new double[2 * n];
        int[] shuffledLabels = new int[n];
        for (int i = 0; i < n; i++) {
            shuffledXy[2 * i] = xy[2 * order[i]];
            shuffledXy[2 * i + 1] = xy[2 * order[i] + 1];
            shuffledLabels[i] = labels[order[i]];
        }
        return Dataset.classification(name, shuffledXy, 2, shuffledLabels, classes);
    }
}
