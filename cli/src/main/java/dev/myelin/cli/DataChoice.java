package dev.myelin.cli;

import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.Synthetic;

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
    SPIRALS(1500, 2, 3, false, Defaults.of("128:relu,64:relu", "adam", 0.01, 30)),
    XOR(1000, 2, 2, false, Defaults.STANDARD),
    /**
     * {@code y = 2x} with x = 1..500 and targets up to 1000 (not normalised): a linear model is exact, while the deep
     * default network's first steps on such targets overshoot to an infinite loss.
     */
    LINEAR(500, 1, 0, false, Defaults.of("none", "momentum", 0.05, 30)),
    /** 60,000 images of 784 pixels: momentum SGD at 0.05 oscillates (~50 % test accuracy); Adam at 1e-3 for 10 epochs is stable. */
    FASHION_MNIST(60_000, 784, 10, true, Defaults.of("128:relu,64:relu", "adam", 0.001, 10));

    /**
     * What {@code myelin train} uses for this data set when the option is not given.
     *
     * @param hidden       {@code --hidden}
     * @param optimizer    {@code --optimizer}
     * @param learningRate {@code --lr}
     * @param epochs       {@code --epochs}
     */
    record Defaults(HiddenLayers hidden, OptimizerRecipe optimizer, double learningRate, int epochs) {
        static final Defaults STANDARD = of("128:relu,64:relu", "momentum", 0.05, 30);

        /** The defaults written as the options would be. */
        static Defaults of(String hidden, String optimizer, double learningRate, int epochs) {
            return new Defaults(HiddenLayers.parse("--hidden", hidden), OptimizerRecipe.parse(optimizer), learningRate, epochs);
        }
    }

    /**
     * A built-in set's size and shape.
     *
     * @param samples  samples in the whole set
     * @param features features per sample
     * @param classes  classes, or 0 for a regression set (one target)
     * @param images   whether samples are square single-channel images, the only data {@code --augment} can transform
     */
    record Shape(int samples, int features, int classes, boolean images) {
        /** Target values per sample as the data set stores them: 1 (a class index, or the regression target). */
        int targetWidth() {
            return 1;
        }
    }

    private final Shape shape;
    private final Defaults defaults;

    DataChoice(int samples, int features, int classes, boolean images, Defaults defaults) {
        this.shape = new Shape(samples, features, classes, images);
        this.defaults = defaults;
    }

    /** The set's size and shape, known before it is read. */
    Shape shape() {
        return shape;
    }

    Defaults defaults() {
        return defaults;
    }

    LoadedData load(long seed) {
        return switch (this) {
            case DIGITS -> new LoadedData(EmbeddedData.digits(), null);
            case IRIS -> new LoadedData(EmbeddedData.iris(), null);
            case MOONS -> new LoadedData(Synthetic.twoMoons(1000, 0.1, seed), null);
            case CIRCLES -> new LoadedData(Synthetic.circles(1000, 0.05, 0.5, seed), null);
            case SPIRALS -> new LoadedData(Synthetic.spirals(1500, 3, 0.05, seed), null);
            case XOR -> new LoadedData(Synthetic.xor(1000, 0.1, seed), null);
            case LINEAR -> new LoadedData(Synthetic.linear(500, 0.1, seed), null);
            case FASHION_MNIST -> fashionMnist();
        };
    }

    /** Fashion-MNIST's official parts: the 60,000 training images (split into train and validation) and the 10,000 test images. */
    private static LoadedData fashionMnist() {
        if (!FashionMnist.isInstalled()) {
            throw new IllegalArgumentException("--data fashion-mnist reads " + FashionMnist.DIRECTORY
                    + "/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz, which are missing: apt-get install dataset-fashion-mnist");
        }
        return new LoadedData(FashionMnist.train(), FashionMnist.test());
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
