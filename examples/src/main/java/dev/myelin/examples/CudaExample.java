package dev.myelin.examples;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.data.EmbeddedData;
import dev.myelin.data.Split;
import dev.myelin.data.Splits;
import dev.myelin.data.StandardScaler;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.train.Evaluator;
import dev.myelin.train.Trainer;

import java.util.Locale;

/**
 * Training on an NVIDIA GPU: asks the device manager for the {@code cuda} backend by name (it fails with the reason,
 * e.g. no driver or {@code libcublas.so.12} missing, instead of falling back to the CPU), prints which device and
 * kernel path it opened, and trains a 64-64-10 tanh network with Adam on the embedded digits, the parameters,
 * gradients and optimiser state living in device memory. Prints {@code test accuracy A}.
 *
 * <p>Arguments: {@code [BACKEND [EPOCHS]]}, default {@code cuda} and 20 epochs ({@code cpu} runs the same program
 * on the CPU). The tests run it on the CUDA simulator. Not meant for concurrent use: a program run from {@code main}.
 */
public final class CudaExample {

    private CudaExample() {
    }

    public static void main(String[] args) {
        String requested = args.length > 0 ? args[0] : "cuda";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Split split = Splits.stratified(EmbeddedData.digits(), 0.70, 0.15, 0.15, 7);
        Split scaled = new StandardScaler().fit(split.train()).transform(split);
        ModelSpec spec = ModelSpec.builder(64).dense(64, Activation.tanh())
                .output(10, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build();
        try (Backend gpu = new DeviceManager().open(requested, DType.FLOAT32, BackendOptions.defaults(), System.out::println).backend();
             Model model = Model.create(spec, gpu, 7)) {
            Trainer.builder().epochs(epochs).batchSize(64).seed(7).optimizer(new Adam(3e-3, 0.9, 0.999, 1e-8, 0)).build()
                    .fit(model, scaled.train(), scaled.validation());
            System.out.printf(Locale.ROOT, "test accuracy %.4f on %s%n", Evaluator.evaluate(model, scaled.test()).accuracy(), gpu.name());
        }
    }
}
