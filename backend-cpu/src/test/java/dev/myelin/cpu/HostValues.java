package dev.myelin.cpu;

import java.util.Random;
import java.util.SplittableRandom;

/** Host-side values for the CPU backend's tests: random operands and a bit-for-bit comparison. */
final class HostValues {
    private HostValues() {
    }

    /** {@code n} draws of {@code rng}, uniform in [-1, 1). */
    static double[] uniform(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    /** {@code n} standard normal draws of {@code random}. */
    static double[] gaussian(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /** Index of the first element whose bits differ, or −1. */
    static int firstDifference(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) {
                return i;
            }
        }
        return -1;
    }
}
