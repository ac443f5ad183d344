package dev.myelin.spark;

import dev.myelin.data.Dataset;

import java.io.Serializable;

/**
 * Loads one partition of a training set where it is processed (on an executor), e.g. from shared storage, so that the
 * data never passes through the driver. Called once per partition; the result is cached on the executor. The same
 * {@code (partition, partitions)} must always give the same rows in the same order (runs are repeatable only then).
 * Executors call it from several task threads at once: it must be thread-safe.
 */
@FunctionalInterface
public interface PartitionLoader extends Serializable {

    /** The rows of partition {@code partition} (0-based) of {@code partitions}, normalised as the model expects. */
    Dataset load(int partition, int partitions) throws Exception;
}
