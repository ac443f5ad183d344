package dev.myelin.spark.bench;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.data.Dataset;
import dev.myelin.data.IdxReader;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.spark.AveragingResult;
import dev.myelin.spark.DataPartitions;
import dev.myelin.spark.ParameterAveraging;
import dev.myelin.spark.TrainerRecipe;
import dev.myelin.train.Evaluator;
import dev.myelin.train.Trainer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Benchmark (not a test): Fashion-MNIST (Debian's {@code dataset-fashion-mnist}), 784-128-64-10 ReLU, Adam 0.001,
 * batch 128, float32 on the CPU; single-machine training with 2 threads (first in a cold JVM, again at the end in a
 * warm one) against parameter averaging on
 * {@code local[2]} with 1 and 2 partitions and K = 1, 10, 50. Prints a Markdown table: seconds per epoch, rounds per
 * epoch, mean seconds per round on the driver and of the slowest task, test accuracy on the official 10k.
 *
 * <p>A program, not an API. Usage: {@code FashionMnistSparkBench [EPOCHS] [DIR]} (defaults 2 and {@code /usr/share/datasets/fashion-mnist}).
 */
public final class FashionMnistSparkBench {
    private static final int BATCH = 128;

    private FashionMnistSparkBench() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String dir = args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist";
        Dataset test = part(dir, "t10k");
        TrainerRecipe recipe = () -> Trainer.builder().epochs(epochs).batchSize(BATCH).seed(42).optimizer(Adam.of(0.001));
        System.out.printf(Locale.ROOT, "| run | partitions | K | threads per task | s/epoch | rounds/epoch | s/round (driver) | s/round (slowest task) | test accuracy |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|---|%n");
        Dataset train = part(dir, "train");
        single("single machine (cold JVM)", recipe, train, test, epochs);
        SparkConf conf = new SparkConf().setIfMissing("spark.master", "local[2]").setAppName("myelin fashion-mnist bench")
                .setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.driver.host", "127.0.0.1")
                .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            spark.setLogLevel("WARN");
            for (int partitions : new int[] {1, 2}) {
                String files = dir;
                JavaRDD<Dataset> rdd = DataPartitions.load(spark, partitions, (p, count) -> DataPartitions.slice(part(files, "train"), p, count));
                int threads = partitions == 1 ? 2 : 1;
                for (int k : new int[] {1, 10, 50}) {
                    try (Backend backend = cpu(threads); Model model = Model.create(spec(), backend, 7)) {
                        long start = System.nanoTime();
                        AveragingResult r = ParameterAveraging.builder(recipe).backend("cpu").threadsPerTask(threads).stepsPerRound(k).build()
                                .fit(spark, model, rdd, null);
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.out.printf(Locale.ROOT, "| parameter averaging | %d | %d | %d | %.1f | %d | %.3f | %.3f | %.4f |%n", partitions, k, threads,
                                seconds / epochs, r.rounds().size() / epochs, r.meanRoundSeconds(),
                                r.rounds().stream().mapToDouble(c -> c.slowestSeconds()).average().orElse(Double.NaN),
                                Evaluator.evaluate(model, test).accuracy());
                    }
                }
                rdd.unpersist(true);
            }
        }
        single("single machine (warm JVM)", recipe, train, test, epochs);
    }

    /** One-machine training with 2 threads, the baseline. */
    private static void single(String name, TrainerRecipe recipe, Dataset train, Dataset test, int epochs) {
        try (Backend backend = cpu(2); Model model = Model.create(spec(), backend, 7)) {
            long start = System.nanoTime();
            recipe.create().build().fit(model, train, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "| %s | - | - | 2 | %.1f | - | - | - | %.4f |%n", name, seconds / epochs,
                    Evaluator.evaluate(model, test).accuracy());
        }
    }

    private static ModelSpec spec() {
        return ModelSpec.builder(784).dense(128, Activation.relu()).dense(64, Activation.relu())
                .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
    }

    private static Backend cpu(int threads) {
        return new DeviceManager().open("cpu", DType.FLOAT32, new BackendOptions(threads), null).backend();
    }

    private static Dataset part(String dir, String name) {
        Path d = Path.of(dir);
        return IdxReader.datasetFloat32("fashion-mnist-" + name, d.resolve(name + "-images-idx3-ubyte.gz"), d.resolve(name + "-labels-idx1-ubyte.gz"),
                10, 1 / 255.0);
    }
}
