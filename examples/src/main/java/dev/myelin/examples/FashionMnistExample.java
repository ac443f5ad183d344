package dev.myelin.examples;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.data.Dataset;
import dev.myelin.data.FashionMnist;
import dev.myelin.data.NormalizerParams;
import dev.myelin.data.augment.PixelStandardScaler;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.train.Evaluation;
import dev.myelin.train.Evaluator;
import dev.myelin.train.Trainer;

import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Fashion-MNIST from Debian's {@code dataset-fashion-mnist} ({@link FashionMnist}, the loader {@code myelin train
 * --data fashion-mnist} uses): a 784-128-10 ReLU network trained with Adam (learning rate 1e-3, batch 64) on the first
 * {@code IMAGES} official training images, pixels standardised with one mean and deviation fitted on them, then
 * evaluated on the 10,000 official test images. Prints {@code test accuracy A (N images)}.
 *
 * <p>Arguments: {@code [IMAGES [EPOCHS]]}, default 60,000 images and 5 epochs. Without the data set it says what to
 * install and exits with status 1. Not meant for concurrent use: a program run from {@code main}.
 */
public final class FashionMnistExample {

    private FashionMnistExample() {
    }

    public static void main(String[] args) {
        if (!FashionMnist.isInstalled()) {
            System.err.println("FashionMnistExample: Fashion-MNIST is not installed in " + FashionMnist.DIRECTORY
                    + ": apt-get install dataset-fashion-mnist");
            System.exit(1);
        }
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Evaluation test = train(images, epochs);
        System.out.printf(Locale.ROOT, "test accuracy %.4f (%d images)%n", test.accuracy(), test.samples());
    }

    /**
     * Trains on the first {@code images} training images for {@code epochs} epochs (seed 42, the float32 backend
     * the device manager picks) and evaluates on the official test images.
     *
     * @throws IllegalArgumentException when the data set is not installed
     */
    public static Evaluation train(int images, int epochs) {
        Dataset all = FashionMnist.train();
        Dataset train = all.subset(IntStream.range(0, Math.min(images, all.size())).toArray());
        NormalizerParams pixels = new PixelStandardScaler().fit(train);
        ModelSpec spec = ModelSpec.builder(784)
                .dense(128, Activation.relu())
                .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .build();
        try (Backend backend = new DeviceManager().open(null, DType.FLOAT32, BackendOptions.defaults(), System.out::println).backend();
             Model model = Model.create(spec, backend, 42)) {
            Trainer.builder().epochs(epochs).batchSize(64).seed(42).optimizer(Adam.defaults()).build()
                    .fit(model, pixels.transform(train));
            return Evaluator.evaluate(model, pixels.transform(FashionMnist.test()));
        }
    }
}
