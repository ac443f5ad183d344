package dev.myelin.gradcheck;

import dev.myelin.util.ArgumentChecks;

/**
 * Settings of {@link GradientChecker}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param epsilon          step of the central difference {@code (J(θ+ε) − J(θ−ε)) / 2ε}, default 1e-5
 * @param maxRelativeError pass threshold of the relative difference {@code ‖g_num − g_bp‖ / (‖g_num‖ + ‖g_bp‖)},
 *                         over all checked parameters and for each one, default 1e-7
 * @param absoluteFloor    a parameter whose |g_num − g_bp| is below this passes whatever its relative error
 *                         (tiny gradients are all cancellation noise), default 1e-9
 * @param maxParameters    check at most this many parameters, spread over every parameter block in proportion
 *                         to its size (at least one of each); 0 checks all (default)
 * @param subsetSeed       seed choosing the subset
 * @param trainingMode     evaluate in training mode (batch statistics; dropout with one fixed mask for every
 *                         evaluation), default true
 * @param seed             seed of stochastic layers during the check
 */
public record GradientCheckOptions(double epsilon, double maxRelativeError, double absoluteFloor, int maxParameters, long subsetSeed,
                                   boolean trainingMode, long seed) {

    public GradientCheckOptions {
        ArgumentChecks.positive("gradient check ε", epsilon);
        if (!(maxRelativeError > 0)) {
            throw new IllegalArgumentException("gradient check threshold must be > 0, got " + maxRelativeError);
        }
        if (!(absoluteFloor >= 0)) {
            throw new IllegalArgumentException("gradient check absolute floor must be >= 0, got " + absoluteFloor);
        }
        if (maxParameters < 0) {
            throw new IllegalArgumentException("maxParameters must be >= 0 (0 = all), got " + maxParameters);
        }
    }

    /** ε = 1e-5, threshold 1e-7, floor 1e-9, all parameters, training mode, seeds 0. */
    public static GradientCheckOptions defaults() {
        return new GradientCheckOptions(1e-5, 1e-7, 1e-9, 0, 0, true, 0);
    }

    public GradientCheckOptions withMaxParameters(int n) {
        return new GradientCheckOptions(epsilon, maxRelativeError, absoluteFloor, n, subsetSeed, trainingMode, seed);
    }

    public GradientCheckOptions withMaxRelativeError(double threshold) {
        return new GradientCheckOptions(epsilon, threshold, absoluteFloor, maxParameters, subsetSeed, trainingMode, seed);
    }

    public GradientCheckOptions withEpsilon(double eps) {
        return new GradientCheckOptions(eps, maxRelativeError, absoluteFloor, maxParameters, subsetSeed, trainingMode, seed);
    }

    public GradientCheckOptions withTrainingMode(boolean training) {
        return new GradientCheckOptions(epsilon, maxRelativeError, absoluteFloor, maxParameters, subsetSeed, training, seed);
    }
}
