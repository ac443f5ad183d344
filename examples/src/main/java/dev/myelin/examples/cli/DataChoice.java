package dev.myelin.examples.cli;

import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.IdxReader;
import dev.myelin.data.Synthetic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The data sets {@code myelin train --data} knows by name, with their size and shape (known before anything is read,
 * so that options and memory are checked first) and the training defaults that make each reach a sensible result.
 */
enum DataChoice {
    DIGITS(1797, 64, 10, true, Defaults.STANDARD),
    IRIS(150, 4, 3, false, Defaults.STANDARD),
    MOONS(1000, 2, 2, false, Defaults.STANDARD),
    CIRCLES(1000, 2, 2, false, Defaults.STANDARD),
    /** Three interleaved arms need more steps than momentum SGD takes in 30 epochs at 0.05: Adam at 0.01 reaches ~93 %. */
    SPIRALS(1500, 2, 3, false, new Defaults("128:relu,64:relu", "adam", 0.01, 30)),
    XOR(1000, 2, 2, false, Defaults.STANDARD),
    /**
     * {@code y = 2x} with x = 1..500 and targets up to 1000 (not normalised): a linear model is exact, while the deep
     * default network's first steps on such targets overshoot to an infinite loss.
     */
    LINEAR(500, 1, 0, false, new Defaults("none", "momentum", 0.05, 30)),
    /** 60,000 images of 784 pixels: momentum SGD at 0.05 oscillates (~50 % test accuracy); Adam at 1e-3 for 10 epochs is stable. */
    FASHION_MNIST(60_000, 784, 10, true, new Defaults("128:relu,64:relu", "adam", 0.001, 10));

    /**
     * What {@code myelin train} uses for this data set when the option is not given.
     *
     * @param hidden       {@code --hidden}
     * @param optimizer    {@code --optimizer}
     * @param learningRate {@code --lr}
     * @param epochs       {@code --epochs}
     */
    record Defaults(String hidden, String optimizer, double learningRate, int epochs) {
        static final Defaults STANDARD = new Defaults("128:relu,64:relu", "momentum", 0.05, 30);
    }

    private final int samples;
    private final int features;
    private final int classes;
    private final boolean images;
    private final Defaults defaults;

    DataChoice(int samples, int features, int classes, boolean images, Defaults defaults) {
        this.samples = samples;
        this.features = features;
        this.classes = classes;
        this.images = images;
        this.defaults = defaults;
    }

    /** Samples in the whole set. */
    int samples() {
        return samples;
    }

    /** Features per sample. */
    int features() {
        return features;
    }

    /** Classes, or 0 for a regression set (one target). */
    int classes() {
        return classes;
    }

    /** Target values per sample as the data set stores them: 1 (a class index, or the regression target). */
    int targetWidth() {
        return 1;
    }

    /** Whether samples are square single-channel images, the only data {@code --augment} can transform. */
    boolean images() {
        return images;
    }

    Defaults defaults() {
        return defaults;
    }

    /** Where Debian's {@code dataset-fashion-mnist} package installs the IDX files. */
    static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Fashion-MNIST's classes, label order (Xiao, Rasul and Vollgraf, 2017). */
    static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    LoadedData load(long seed) {
        return switch (this) {
            case DIGITS -> new LoadedData(EmbeddedData.digits(), null);
            case IRIS -> new LoadedData(EmbeddedData.iris(), null);
            case MOONS -> new LoadedData(Synthetic.twoMoons(1000, 0.1, seed), null);
            case CIRCLES -> new LoadedData(Synthetic.circles(1000, 0.05, 0.5, seed), null);
            case SPIRALS -> new LoadedData(Synthetic.spirals(1500, 3, 0.05, seed), null);
            case XOR -> new LoadedData(Synthetic.xor(1000, 0.1, seed), null);
            case LINEAR -> new LoadedData(Synthetic.linear(500, 0.1, seed), null);
            case FASHION_MNIST -> new LoadedData(fashionMnist("train", "fashion-mnist"), fashionMnist("t10k", "fashion-mnist-test"));
        };
    }

    /**
     * One of Fashion-MNIST's official parts (28×28, grey levels 0..255, 10 named classes): {@code train}
     * (60,000 images, split into train and validation) or {@code t10k} (the 10,000 test images).
     */
    private static Dataset fashionMnist(String part, String name) {
        Path images = FASHION_MNIST_DIR.resolve(part + "-images-idx3-ubyte.gz");
        Path labels = FASHION_MNIST_DIR.resolve(part + "-labels-idx1-ubyte.gz");
        if (!Files.exists(images) || !Files.exists(labels)) {
            throw new IllegalArgumentException("--data fashion-mnist reads " + FASHION_MNIST_DIR
                    + "/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz, which are missing: apt-get install dataset-fashion-mnist");
        }
        return IdxReader.dataset(name, images, labels, 10).withClassNames(FASHION_MNIST_CLASSES);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The built-in set {@code text} names ({@link #toString()}'s names), or null when it names none. */
    static DataChoice find(String text) {
        for (DataChoice choice : values()) {
            if (choice.toString().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return choice;
            }
        }
        return null;
    }
}
