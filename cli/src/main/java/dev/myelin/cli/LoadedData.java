package dev.myelin.cli;

import dev.myelin.data.Dataset;

/**
 * What {@code --data} (and {@code --test-data}) loaded: the set to split into train/validation(/test),
 * and a separate test set when there is one (a user's test file, Fashion-MNIST's official 10,000).
 *
 * @param data the samples to split
 * @param test the separate test set, or null when the test split is carved from {@code data}
 */
record LoadedData(Dataset data, Dataset test) {

    /** True when the test set is a separate file, so {@code data} is split into train and validation only. */
    boolean hasSeparateTest() {
        return test != null;
    }
}
