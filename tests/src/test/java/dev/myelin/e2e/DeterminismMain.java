package dev.myelin.e2e;

import dev.myelin.backend.Backend;
import dev.myelin.data.Dataset;
import dev.myelin.data.EmbeddedData;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Sgd;
import dev.myelin.train.Trainer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Trains a fixed model on CPU float64 and prints the SHA-256 of its final parameters' bits; run in a second JVM by {@link DeterminismTest}. */
public final class DeterminismMain {

    private DeterminismMain() {
    }

    static double[] train(long seed) {
        Dataset digits = EmbeddedData.digits();
        ModelSpec spec = ModelSpec.builder(64).dense(32, Activation.relu()).dense(16, Activation.tanh())
                .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (Backend f64 = Backends.cpu64(); Model model = Model.create(spec, f64, seed)) {
            Trainer.builder().epochs(2).batchSize(50).seed(seed).optimizer(Sgd.nesterov(0.001, 0.9)).build().fit(model, digits);
            return model.parametersToHost();
        }
    }

    static String hash(double[] values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(8 * values.length);
            for (double v : values) {
                buffer.putLong(Double.doubleToRawLongBits(v));
            }
            return HexFormat.of().formatHex(sha.digest(buffer.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        System.out.println(hash(train(Long.parseLong(args[0]))));
    }
}
