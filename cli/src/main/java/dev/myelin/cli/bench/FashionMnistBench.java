package dev.myelin.cli.bench;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.data.BatchOrder;
import dev.myelin.data.Dataset;
import dev.myelin.data.IdxReader;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelBuilder;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.nn.DenseSpec;
import dev.myelin.nn.Initializer;
import dev.myelin.optim.Adam;
import dev.myelin.train.Callback;
import dev.myelin.train.Evaluation;
import dev.myelin.train.Evaluator;
import dev.myelin.train.Trainer;
import dev.myelin.train.TrainingContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The Myelin half of {@code bench/vs-pytorch.sh}: trains one of the benchmark MLPs on the official
 * Fashion-MNIST split (60,000 training and 10,000 test images, pixels divided by 255) and prints one
 * {@code key value} line per figure: {@code epoch_seconds} and {@code train_loss} (the mean loss over the epoch's
 * batches, weighted by batch size) per epoch (the time covers the training steps only), then
 * {@code test_accuracy} and {@code peak_rss_mb} (the process's resident-set high-water mark).
 *
 * <p>Models: {@code base} 784-512-256-10 ReLU, batch 128; {@code bnd} the same with batch norm before each
 * hidden activation and dropout 0.1 after it; {@code large} 784-2048-2048-2048-10, batch 256. All use
 * softmax cross-entropy and Adam with learning rate 1e-3, in float32, on a float32 data set.
 *
 * <p>Arguments: {@code MODEL EPOCHS THREADS [SEED [INIT [START]]]}. {@code INIT} is {@code torch} (the default: every
 * dense layer's weights drawn {@code U(±1/√fan_in)}, as PyTorch's {@code nn.Linear} does, so both sides of the
 * comparison start from the same distribution) or {@code he} (Myelin's own default for ReLU layers: He-normal
 * hidden weights, Xavier-uniform output weights). Biases start at 0 either way. {@code START}, a directory, makes the
 * run write where it starts from before it trains, so that {@code bench/pytorch_mlp.py} can start from the very same
 * place: {@code initial.myelin} (the untrained model) and {@code order.bin} (each epoch's batch order, the
 * permutation of the training rows the trainer visits, as little-endian int32, {@code EPOCHS × 60000} values). The
 * CPU GEMM follows {@code -Dmyelin.cpu.gemm}.
 *
 * <p>Not meant for concurrent use: a command-line program run from {@code main}.
 */
public final class FashionMnistBench {
    /** Where Debian's {@code dataset-fashion-mnist} installs the IDX files. */
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionMnistBench() {
    }

    /** The benchmark models, the {@code MODEL} argument: hidden widths, batch norm and dropout, and batch size. */
    enum Network {
        BASE(128, false, 0, 512, 256),
        BND(128, true, 0.1, 512, 256),
        LARGE(256, false, 0, 2048, 2048, 2048);

        final int batch;
        final boolean batchNorm;
        final double dropout;
        private final int[] widths;

        Network(int batch, boolean batchNorm, double dropout, int... widths) {
            this.batch = batch;
            this.batchNorm = batchNorm;
            this.dropout = dropout;
            this.widths = widths;
        }
    }

    /** Where the weights start, the {@code INIT} argument: see the class comment. */
    enum Init {
        TORCH(Initializer.fanInUniform(), Initializer.fanInUniform()),
        HE(Activation.relu().recommendedInitializer(), Activation.softmax().recommendedInitializer());

        final Initializer hidden;
        final Initializer output;

        Init(Initializer hidden, Initializer output) {
            this.hidden = hidden;
            this.output = output;
        }
    }

    /** The constant of {@code type} that {@code text} names in lower case; else an error naming {@code what} and the choices. */
    static <E extends Enum<E>> E choice(Class<E> type, String what, String text) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(what + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", got '" + text + "'");
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("myelin: usage: FashionMnistBench base|bnd|large EPOCHS THREADS [SEED [torch|he [START_DIR]]]");
            System.exit(2);
        }
        Network model = choice(Network.class, "model", args[0]);
        int epochs = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        Init init = choice(Init.class, "initialiser", args.length > 4 ? args[4] : "torch");
        ModelSpec spec = spec(model, init);

        Dataset train = load("train", "fashion-mnist-train");
        Dataset test = load("t10k", "fashion-mnist-test");
        DeviceManager.Selection selection = new DeviceManager().open("cpu", DType.FLOAT32, new BackendOptions(threads), line -> { });
        try (Backend backend = selection.backend(); Model net = Model.create(spec, backend, seed)) {
            System.out.println("backend " + backend.description());
            if (args.length > 5) {
                writeStart(Path.of(args[5]), net, train.size(), epochs, seed);
            }
            Trainer trainer = Trainer.builder().epochs(epochs).batchSize(model.batch).seed(seed)
                    .optimizer(Adam.defaults()).callback(new EpochTimer()).build();
            trainer.fit(net, train);
            Evaluation eval = Evaluator.evaluate(net, test);
            System.out.printf(Locale.ROOT, "test_accuracy %.4f%n", eval.accuracy());
        }
        System.out.printf(Locale.ROOT, "peak_rss_mb %.1f%n", peakRssMegabytes());
    }

    /**
     * Writes the untrained {@code net} and the batch order of each of {@code epochs} epochs over {@code rows} training
     * rows with {@code seed} ({@link BatchOrder#shuffled}, the order {@link Trainer} visits) into {@code folder}.
     */
    static void writeStart(Path folder, Model net, int rows, int epochs, long seed) throws IOException {
        Files.createDirectories(folder);
        net.save(folder.resolve("initial.myelin"));
        ByteBuffer order = ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(rows, epochs), Integer.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        BatchOrder batchOrder = BatchOrder.shuffled(seed);
        for (int e = 0; e < epochs; e++) {
            for (int row : batchOrder.permutation(rows, e)) {
                order.putInt(row);
            }
        }
        Files.write(folder.resolve("order.bin"), order.array());
    }

    /** The benchmark model {@code network} with its weights drawn as {@code init} says; see the class comment. */
    static ModelSpec spec(Network network, Init init) {
        ModelBuilder builder = ModelSpec.builder(784);
        for (int units : network.widths) {
            if (network.batchNorm) {
                builder.layer(new DenseSpec(units, init.hidden, 0.0)).batchNorm().activation(Activation.relu());
            } else {
                builder.dense(units, Activation.relu(), init.hidden);
            }
            if (network.dropout > 0) {
                builder.dropout(network.dropout);
            }
        }
        return builder.layer(new DenseSpec(10, init.output, 0.0)).loss(Loss.sparseCategoricalCrossEntropy().withLogits()).build();
    }

    /** One half of the official split, pixels scaled to [0, 1], stored in float32 (what float32 training reads). */
    static Dataset load(String prefix, String name) {
        Path images = DATA.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = DATA.resolve(prefix + "-labels-idx1-ubyte.gz");
        if (!Files.exists(images) || !Files.exists(labels)) {
            System.err.println("myelin: " + images + " is missing: apt-get install dataset-fashion-mnist");
            System.exit(1);
        }
        return IdxReader.datasetFloat32(name, images, labels, 10, 1 / 255.0);
    }

    /** The resident-set high-water mark of this process ({@code VmHWM} in {@code /proc/self/status}), in MB. */
    static double peakRssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** Prints the wall time of each epoch's training steps. */
    private static final class EpochTimer implements Callback {
        private long start;

        @Override
        public void onEpochStart(TrainingContext context, int epoch) {
            start = System.nanoTime();
        }

        @Override
        public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
            System.out.printf(Locale.ROOT, "epoch_seconds %.3f%n", (System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "train_loss %.5f%n", metrics.getOrDefault("loss", Double.NaN));
            System.out.flush();
        }
    }
}
