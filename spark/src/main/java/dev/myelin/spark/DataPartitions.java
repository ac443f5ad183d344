package dev.myelin.spark;

import dev.myelin.data.Dataset;
import dev.myelin.util.ArgumentChecks;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A training set as a cached RDD of exactly one {@link Dataset} per partition, the input of {@link ParameterAveraging}.
 * Each partition is made once on its executor and kept there in memory ({@code MEMORY_ONLY}, as Java objects): the
 * tasks of later rounds carry only the partition's number, never its rows. Stateless; thread-safe.
 */
public final class DataPartitions {
    private DataPartitions() {
    }

    /**
     * {@code partitions} partitions made by {@code loader} on the executors, cached and materialised before this returns.
     */
    public static JavaRDD<Dataset> load(JavaSparkContext spark, int partitions, PartitionLoader loader) {
        ArgumentChecks.atLeast("partitions", partitions, 1);
        List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
        JavaRDD<Dataset> rdd = spark.parallelize(ids, partitions).map(p -> loader.load(p, partitions));
        rdd.persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        return rdd;
    }

    /**
     * A training set held by the driver, cut into {@code partitions} contiguous slices of rows (partition p holds rows
     * {@code [p·n/P, (p+1)·n/P)}, in order). The set travels once to each executor as a broadcast, which each partition
     * slices and caches; for a set too large for the driver use {@link #load}.
     */
    public static JavaRDD<Dataset> fromDriver(JavaSparkContext spark, Dataset train, int partitions) {
        if (partitions > train.size()) {
            throw new IllegalArgumentException("cannot cut " + train.size() + " rows into " + partitions + " partitions");
        }
        Broadcast<DatasetChunk> whole = spark.broadcast(DatasetChunk.of(train));
        return load(spark, partitions, (p, count) -> slice(whole.value().toDataset(), p, count));
    }

    /** Rows {@code [p·n/P, (p+1)·n/P)} of {@code data}, in order; the whole set when P is 1. */
    public static Dataset slice(Dataset data, int partition, int partitions) {
        if (partitions == 1) {
            return data;
        }
        int n = data.size();
        int from = (int) ((long) partition * n / partitions);
        int to = (int) ((long) (partition + 1) * n / partitions);
        return data.subset(data.name() + "/part" + partition, IntStream.range(from, to).toArray());
    }
}
