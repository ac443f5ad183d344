package dev.myelin.spark;

import dev.myelin.tune.Direction;
import dev.myelin.tune.Objective;
import dev.myelin.tune.RemoteSearch;
import dev.myelin.tune.SearchResults;
import dev.myelin.tune.SearchSpace;
import dev.myelin.tune.Strategy;
import dev.myelin.tune.TrialResult;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.function.Consumer;

/**
 * {@code myelin search --spark MASTER}: the {@link RemoteSearch} of the {@code spark} engine. {@code MASTER} is a Spark
 * master URL ({@code local[2]}, {@code spark://host:7077}, {@code yarn}, {@code k8s://...}) or {@code submit} to take
 * the master and every other setting from {@code spark-submit}. Uses the running Spark context when there is one, else
 * starts one; either way leaves it running for the rest of the process (Spark stops it when the JVM exits). A
 * {@code local} master binds to the loopback address and has no web UI. Stateless; thread-safe.
 */
public final class SparkRemoteSearch implements RemoteSearch {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public SearchResults run(String target, SearchSpace space, Strategy strategy, Objective objective, Direction direction, int maxEpochs,
                             long seed, Consumer<TrialResult> listener) {
        SparkConf conf = new SparkConf().setIfMissing("spark.app.name", "myelin search");
        if (!target.equals("submit")) {
            conf.setMaster(target);
        }
        if (conf.get("spark.master", "").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.driver.host", "127.0.0.1")
                    .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkContext context = SparkContext.getOrCreate(conf);
        return SparkSearch.run(JavaSparkContext.fromSparkContext(context), space, strategy, objective, direction, maxEpochs, seed, listener);
    }
}
