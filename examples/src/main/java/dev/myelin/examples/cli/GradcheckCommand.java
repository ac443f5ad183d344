package dev.myelin.examples.cli;

import static dev.myelin.util.ArgumentChecks.atLeast;
import static dev.myelin.util.ArgumentChecks.positive;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.backend.LossKind;
import dev.myelin.gradcheck.GradientCheckOptions;
import dev.myelin.gradcheck.GradientCheckResult;
import dev.myelin.gradcheck.GradientChecker;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code myelin gradcheck}: central-difference check of a network described on the command line, in float64. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check back-propagation against central differences (float64) for a network given on the command line.")
final class GradcheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--inputs", defaultValue = "6", description = "Input features (default: ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--hidden", defaultValue = "8:tanh,7:relu,5:sigmoid", description = "Hidden layers as width:activation (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--outputs", defaultValue = "4", description = "Output units (default: ${DEFAULT-VALUE}).")
    int outputs;

    @Option(names = "--output-activation", description = "Output activation (default: softmax for categorical losses, sigmoid for bce, identity otherwise).")
    String outputActivation;

    @Option(names = "--loss", defaultValue = "sparse_cce", description = "Loss: mse, mae, huber[:δ], bce, bce_logits, cce, cce_logits, sparse_cce, sparse_cce_logits (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--batch", defaultValue = "5", description = "Samples in the random batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epsilon", defaultValue = "1e-5", description = "Central-difference step ε (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--threshold", defaultValue = "1e-7", description = "Pass threshold of the relative error (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--max-params", defaultValue = "0", description = "Check at most this many parameters, 0 = all (default: ${DEFAULT-VALUE}).")
    int maxParams;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights and the random batch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        validate();
        Loss l = Loss.parse(loss);
        Activation act = outputActivation != null ? Activation.parse(outputActivation)
                : l.kind() == LossKind.BINARY_CROSS_ENTROPY ? Activation.sigmoid()
                : l.isClassification() ? Activation.softmax() : Activation.identity();
        ModelSpec modelSpec = NetworkOption.addHidden(ModelSpec.builder(inputs), "--hidden", hidden).output(outputs, act, l).build();
        DeviceManager.Selection selection = new DeviceManager().open("cpu", DType.FLOAT64, BackendOptions.defaults(), out::println);
        try (Backend backend = selection.backend(); Model model = Model.create(modelSpec, backend, seed)) {
            out.println(model.summary());
            SplittableRandom rng = new SplittableRandom(seed + 1);
            double[] x = new double[batch * inputs];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble(-2, 2);
            }
            double[] y = targets(model.loss(), rng);
            GradientCheckOptions options = GradientCheckOptions.defaults().withEpsilon(epsilon).withMaxRelativeError(threshold).withMaxParameters(maxParams);
            ProgressDisplay progress = ProgressDisplay.forConsole(line -> {
                out.println(line);
                out.flush();
            });
            progress.start("gradient check, parameters");
            GradientCheckResult result = GradientChecker.check(model, x, y, batch, options, progress);
            out.println(result.summary());
            return result.passed() ? 0 : 1;
        }
    }

    /** Every option in range before anything is built. */
    private void validate() {
        atLeast("--inputs", inputs, 1);
        atLeast("--outputs", outputs, 1);
        atLeast("--batch", batch, 1);
        atLeast("--max-params", maxParams, 0);
        positive("--epsilon", epsilon);
        positive("--threshold", threshold);
        if ((long) batch * Math.max(inputs, outputs) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--batch " + batch + " of " + Math.max(inputs, outputs) + " values per sample is too large for one array");
        }
        NetworkOption.parse("--hidden", hidden);
    }

    private double[] targets(Loss l, SplittableRandom rng) {
        double[] y;
        switch (l.kind()) {
            case SPARSE_CATEGORICAL_CROSS_ENTROPY -> {
                y = new double[batch];
                for (int i = 0; i < batch; i++) {
                    y[i] = rng.nextInt(outputs);
                }
            }
            case CATEGORICAL_CROSS_ENTROPY -> {
                y = new double[batch * outputs];
                for (int i = 0; i < batch; i++) {
                    y[i * outputs + rng.nextInt(outputs)] = 1;
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                y = new double[batch * outputs];
                for (int i = 0; i < y.length; i++) {
                    y[i] = rng.nextInt(2);
                }
            }
            default -> {
                y = new double[batch * outputs];
                for (int i = 0; i < y.length; i++) {
                    y[i] = rng.nextDouble(-1, 1);
                }
            }
        }
        return y;
    }
}
