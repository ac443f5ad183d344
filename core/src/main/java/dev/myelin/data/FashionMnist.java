package dev.myelin.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017) from the IDX files Debian's {@code dataset-fashion-mnist} package
 * installs: 28×28 grey-level images (pixels 0..255, unscaled; features {@code [n, 784]}) in 10 named classes, as the
 * official parts {@link #train()} (60,000 images) and {@link #test()} (10,000 images).
 *
 * <p>Stateless; thread-safe (each call reads the files anew).
 */
public final class FashionMnist {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the IDX files. */
    public static final Path DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The classes, in label order. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** Whether all four IDX files are installed in {@link #DIRECTORY}. */
    public static boolean isInstalled() {
        for (String part : List.of("train", "t10k")) {
            if (!Files.exists(images(part)) || !Files.exists(labels(part))) {
                return false;
            }
        }
        return true;
    }

    /** The 60,000 training images, named {@code fashion-mnist}. */
    public static Dataset train() {
        return part("train", "fashion-mnist");
    }

    /** The 10,000 test images, named {@code fashion-mnist-test}. */
    public static Dataset test() {
        return part("t10k", "fashion-mnist-test");
    }

    /**
     * One official part as a float64 data set with the class names.
     *
     * @throws IllegalArgumentException when the files are missing, saying which package installs them
     */
    private static Dataset part(String part, String name) {
        if (!isInstalled()) {
            throw new IllegalArgumentException("Fashion-MNIST is read from " + DIRECTORY
                    + "/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz, which are missing: apt-get install dataset-fashion-mnist");
        }
        return IdxReader.dataset(name, images(part), labels(part), CLASSES.size()).withClassNames(CLASSES);
    }

    private static Path images(String part) {
        return DIRECTORY.resolve(part + "-images-idx3-ubyte.gz");
    }

    private static Path labels(String part) {
        return DIRECTORY.resolve(part + "-labels-idx1-ubyte.gz");
    }
}
