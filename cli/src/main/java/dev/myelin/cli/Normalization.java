package dev.myelin.cli;

import dev.myelin.data.MinMaxScaler;
import dev.myelin.data.NormalizerParams;
import dev.myelin.data.Split;
import dev.myelin.data.StandardScaler;
import dev.myelin.data.augment.PixelStandardScaler;

/** {@code --normalize}: the input normaliser fitted on the training part. */
enum Normalization {
    /** Per feature: zero mean, unit standard deviation. */
    STANDARD,
    /** One mean and standard deviation for all pixels (best with image augmentation). */
    PIXEL_STANDARD,
    /** Per feature to [0, 1]. */
    MINMAX,
    /** Raw features. */
    NONE;

    /** The normaliser fitted on {@code parts.train()}, or null for {@link #NONE}. */
    NormalizerParams fit(Split parts) {
        return switch (this) {
            case STANDARD -> new StandardScaler().fit(parts.train());
            case PIXEL_STANDARD -> new PixelStandardScaler().fit(parts.train());
            case MINMAX -> new MinMaxScaler().fit(parts.train());
            case NONE -> null;
        };
    }

    /** The command-line names, for the help. */
    static final class Names extends Choices.Names<Normalization> {
        Names() {
            super(Normalization.class);
        }
    }
}
