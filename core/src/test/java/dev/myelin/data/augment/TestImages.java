package dev.myelin.data.augment;

import java.util.SplittableRandom;

/** Images for the augmentation tests. */
final class TestImages {
    private TestImages() {
    }

    /** {@code shape.pixels()} grey levels drawn uniformly from [0, 16) with {@code seed}, row-major. */
    static double[] random(ImageShape shape, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[shape.pixels()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(0, 16);
        }
        return x;
    }
}
