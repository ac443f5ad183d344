package dev.myelin.data;

import java.util.Objects;
import java.util.Optional;

/**
 * A train/validation/test partition of one data set. {@code test} is {@code null} when the
 * split was made with a test fraction of 0; use {@link #testOptional()} to read it safely.
 *
 * <p>Immutable and thread-safe (its data sets are immutable).
 */
public record Split(Dataset train, Dataset validation, Dataset test) {
    /** Requires a training and a validation set; the test set may be absent. */
    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }

    /** The test set, empty when none was held out. */
    public Optional<Dataset> testOptional() {
        return Optional.ofNullable(test);
    }

    /** True when a test set was held out. */
    public boolean hasTest() {
        return test != null;
    }
}
