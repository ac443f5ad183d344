package dev.myelin.examples.cli;

import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.IdxReader;
import dev.myelin.data.Synthetic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The data sets {@code myelin train --data} knows by name. */
enum DataChoice {
    DIGITS, IRIS, MOONS, CIRCLES, SPIRALS, XOR, LINEAR, FASHION_MNIST;

    /** Where Debian's {@code dataset-fashion-mnist} package installs the IDX files. */
    static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    Dataset load(long seed) {
        return switch (this) {
            case DIGITS -> EmbeddedData.digits();
            case IRIS -> EmbeddedData.iris();
            case MOONS -> Synthetic.twoMoons(1000, 0.1, seed);
            case CIRCLES -> Synthetic.circles(1000, 0.05, 0.5, seed);
            case SPIRALS -> Synthetic.spirals(1500, 3, 0.05, seed);
            case XOR -> Synthetic.xor(1000, 0.1, seed);
            case LINEAR -> Synthetic.linear(500, 0.1, seed);
            case FASHION_MNIST -> fashionMnist();
        };
    }

    /** The 60,000 training images of Fashion-MNIST (28×28, grey levels 0..255, 10 classes), split like any other set. */
    private static Dataset fashionMnist() {
        Path images = FASHION_MNIST_DIR.resolve("train-images-idx3-ubyte.gz");
        Path labels = FASHION_MNIST_DIR.resolve("train-labels-idx1-ubyte.gz");
        if (!Files.exists(images) || !Files.exists(labels)) {
            throw new IllegalArgumentException("--data fashion-mnist reads " + FASHION_MNIST_DIR
                    + "/train-{images-idx3,labels-idx1}-ubyte.gz, which are missing: apt-get install dataset-fashion-mnist");
        }
        return IdxReader.dataset("fashion-mnist", images, labels, 10);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses the names {@link #toString()} prints. */
    static DataChoice parse(String text) {
        for (DataChoice choice : values()) {
            if (choice.toString().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return choice;
            }
        }
        throw new IllegalArgumentException("--data must be one of digits, iris, moons, circles, spirals, xor, linear, fashion-mnist; got '" + text + "'");
    }
}
