package dev.myelin.data;

import java.util.Objects;

/**
 * One fold of k-fold cross-validation: {@code index} in {@code [0, k)}, its training and validation sets.
 *
 * <p>Immutable and thread-safe (its data sets are immutable).
 */
public record Fold(int index, Dataset train, Dataset validation) {
    /** Both sets are required. */
    public Fold {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }
}
