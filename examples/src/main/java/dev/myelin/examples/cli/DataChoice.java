package dev.myelin.examples.cli;

import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.IdxReader;
import dev.myelin.data.Synthetic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The data sets {@code myelin train --data} knows by name. */
enum DataChoice {
    DIGITS, IRIS, MOONS, CIRCLES, SPIRALS, XOR, LINEAR, FASHION_MNIST;

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
