package dev.myelin.spark;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.StandardScaler;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.loss.Loss;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The digits (stratified 70/15/15, standardised on train), a small network with batch norm and dropout, and helpers. */
final class DigitsRun {
    static final long MODEL_SEED = 3;

    private DigitsRun() {
    }

    static Split data() {
        Split split = Splits.stratified(EmbeddedData.digits(), 0.7, 0.15, 0.15, 1);
        return new StandardScaler().fit(split.train()).transform(split);
    }

    static ModelSpec spec() {
        return ModelSpec.builder(64).dense(48, Activation.relu()).batchNorm().dropout(0.1)
                .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
    }

    /** A CPU float64 backend with one thread, as each task opens. */
    static Backend cpu() {
        return new DeviceManager().open("cpu", DType.FLOAT64, new BackendOptions(1), null).backend();
    }

    static Model model(Backend backend) {
        return Model.create(spec(), backend, MODEL_SEED);
    }

    /** SHA-256 of the parameters' IEEE-754 bytes. */
    static String sha256(double[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(8 * values.length);
        for (double v : values) {
            bytes.putDouble(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
