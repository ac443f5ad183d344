package dev.myelin.modelfile;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.cuda.CudaBackend;
import dev.myelin.cuda.CudaOptions;
import dev.myelin.data.Dataset;
import dev.myelin.data.NormalizerParams;
import dev.myelin.data.StandardScaler;
import dev.myelin.data.Synthetic;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.nn.Initializer;
import dev.myelin.optim.Adam;
import dev.myelin.regularization.Regularization;
import dev.myelin.train.Trainer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Models and data shared by the model-file tests; {@link #main} loads a file in a fresh JVM and prints a hash of its predictions. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** CPU backend of {@code dtype}, two threads. */
    public static Backend cpu(DType dtype) {
        return new CpuBackendProvider().open(dtype, new BackendOptions(2));
    }

    /**
     * The backend a child JVM is told to use: {@code float64} or {@code float32} for {@link #cpu}, {@code cuda} for the
     * CUDA backend (float32; on the simulator when the JVM's loader path has it, as the {@code simulated-device} tests' children do).
     */
    public static Backend backend(String name) {
        return switch (name) {
            case "float64" -> cpu(DType.FLOAT64);
            case "float32" -> cpu(DType.FLOAT32);
            case "cuda" -> new CudaBackend(CudaOptions.defaults());
            default -> throw new IllegalArgumentException("backend must be float64, float32 or cuda, got " + name);
        };
    }

    /** A network with every layer kind Myelin has, for 2 inputs and 3 classes (softmax output fused with the loss). */
    public static ModelSpec everyLayerKind() {
        return ModelSpec.builder(2)
                .dense(12, Activation.tanh())
                .batchNorm()
                .dense(12, Activation.leakyRelu(0.05), Initializer.xavierNormal())
                .layerNorm()
                .dropout(0.2)
                .dense(12, Activation.identity())
                .prelu()
                .maxout(10, 3)
                .residual(b -> b.dense(6, Activation.swish()).batchNorm().dense(10, Activation.elu(0.7)))
                .dense(8, Activation.selu())
                .dense(8, Activation.rectifier(-0.3))
                .dense(8, Activation.sigmoid())
                .dense(8, Activation.relu())
                .output(3, Activation.softmax(), Loss.sparseCategoricalCrossEntropy())
                .regularization(Regularization.l2(1e-4))
                .build();
    }

    /** Spirals with 3 classes, raw (not normalised) features scaled by 7 and shifted by 3. */
    public static Dataset data() {
        Dataset spirals = Synthetic.spirals(60, 3, 0.1, 5);
        double[] f = spirals.features();
        for (int i = 0; i < f.length; i++) {
            f[i] = 7 * f[i] + 3;
        }
        return spirals.withFeatures(f, spirals.featureCount());
    }

    /** {@link #everyLayerKind()} trained 3 epochs with Adam on {@link #data()}, its normaliser and class names set. */
    public static Model trained(Backend backend) {
        Dataset raw = data();
        NormalizerParams normalizer = new StandardScaler().fit(raw);
        Model model = Model.create(everyLayerKind(), backend, 11);
        Trainer.builder().epochs(3).batchSize(16).seed(3).optimizer(Adam.of(0.01)).build()
                .fit(model, normalizer.transform(raw));
        model.setInputNormalizer(normalizer);
        model.setClassNames(List.of("red", "green", "blue"));
        return model;
    }

    /** SHA-256 of the exact bits of {@code values}. */
    public static String hash(double[] values) {
        try {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 8);
            bytes.asDoubleBuffer().put(values);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <file> <float64|float32|cuda>}: loads the model and prints the hash of its predictions on {@link #data()}, then of its tensors. */
    public static void main(String[] args) throws Exception {
        try (Backend backend = backend(args[1]);
             Model model = Model.load(Path.of(args[0]), backend)) {
            Dataset raw = data();
            System.out.println(hash(model.predict(raw.features(), raw.size())));
            System.out.println(hash(model.parametersToHost()));
        }
    }
}
