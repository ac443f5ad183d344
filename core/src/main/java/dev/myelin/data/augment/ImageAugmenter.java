package dev.myelin.data.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An {@link Augmenter} for rows that are single-channel images: each row of the batch goes through
 * the transforms in order, each applied with its probability. Draws from the batch's generator in a
 * fixed order (row by row, and within a row transform by transform: first the coin for a transform
 * whose probability is below 1, then the transform's own draws), so a seed gives the same batch.
 *
 * <pre>{@code
 * Augmenter augment = ImageAugmenter.builder(ImageShape.square(8))
 *         .add(new RandomShift(1)).add(new RandomRotation(10), 0.5).add(new AdditiveNoise(0.5).clippedTo(0, 16))
 *         .build();
 * }</pre>
 *
 * Holds no mutable state; safe to share between threads.
 */
public final class ImageAugmenter implements Augmenter {
    /** A transform and the probability, in {@code [0, 1]}, that it is applied to a row. */
    public record Step(ImageTransform transform, double probability) {
        /** Checks the transform is given and the probability is in {@code [0, 1]}. */
        public Step {
            Objects.requireNonNull(transform, "transform");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("augmentation probability must be in [0, 1], got " + probability + " for " + transform);
            }
        }
    }

    private final ImageShape shape;
    private final List<Step> steps;

    private ImageAugmenter(ImageShape shape, List<Step> steps) {
        this.shape = shape;
        this.steps = List.copyOf(steps);
    }

    /** A builder for images of {@code shape}. */
    public static Builder builder(ImageShape shape) {
        return new Builder(shape);
    }

    /** The image layout every row must have. */
    public ImageShape shape() {
        return shape;
    }

    /** The transforms with their probabilities, in order. */
    public List<Step> steps() {
        return steps;
    }

    @Override
    public void augment(double[] features, int rows, int featureCount, SplittableRandom rng) {
        shape.requireFeatureCount(featureCount);
        if (rows < 0 || (long) rows * featureCount > features.length) {
            throw new IllegalArgumentException("cannot augment " + rows + " rows of " + featureCount + " features in an array of " + features.length);
        }
        double[] a = new double[featureCount];
        double[] b = new double[featureCount];
        for (int row = 0; row < rows; row++) {
            System.arraycopy(features, row * featureCount, a, 0, featureCount);
            for (Step step : steps) {
                if (step.probability() < 1 && !(rng.nextDouble() < step.probability())) {
                    continue;
                }
                step.transform().apply(a, b, shape, rng);
                double[] t = a;
                a = b;
                b = t;
            }
            System.arraycopy(a, 0, features, row * featureCount, featureCount);
        }
    }

    @Override
    public String toString() {
        return "ImageAugmenter" + shape + steps;
    }

    /** Collects the transforms of an {@link ImageAugmenter}. */
    public static final class Builder {
        private final ImageShape shape;
        private final List<Step> steps = new ArrayList<>();

        private Builder(ImageShape shape) {
            this.shape = Objects.requireNonNull(shape, "shape");
        }

        /** Appends a transform applied to every row. */
        public Builder add(ImageTransform transform) {
            return add(transform, 1);
        }

        /** Appends a transform applied to each row with {@code probability} in {@code [0, 1]}. */
        public Builder add(ImageTransform transform, double probability) {
            steps.add(new Step(transform, probability));
            return this;
        }

        public ImageAugmenter build() {
            return new ImageAugmenter(shape, steps);
        }
    }
}
