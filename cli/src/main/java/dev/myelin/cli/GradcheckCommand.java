package dev.myelin.cli;

import static dev.myelin.util.ArgumentChecks.atLeast;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.DeviceManager;
import dev.myelin.gradcheck.GradientCheckResult;
import dev.myelin.gradcheck.GradientChecker;
import dev.myelin.loss.Loss;
import dev.myelin.model.Model;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code myelin gradcheck}: central-difference check of a network described on the command line, in float64. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check back-propagation against central differences (float64) for a network given on the command line.")
final class GradcheckCommand implements Callable<Integer> {

    /** The hidden layers checked when {@code --hidden} is left out: three activations whose gradients differ. */
    static final HiddenLayers DEFAULT_HIDDEN = HiddenLayers.parse("--hidden", "8:tanh,7:relu,5:sigmoid");

    @Mixin
    Console console;

    @Mixin
    NetworkOptions network;

    @Option(names = "--inputs", defaultValue = "6", description = "Input features (default: ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--outputs", defaultValue = "4", description = "Output units (default: ${DEFAULT-VALUE}).")
    int outputs;

    @Option(names = "--output-activation", converter = ActivationConverter.class, description = "Output activation (default: softmax for categorical losses, sigmoid for bce, identity otherwise).")
    Activation outputActivation;

    @Mixin
    GradientCheckSettings check;

    /** The converter of {@code --output-activation}: {@code relu}, {@code leaky_relu:0.2}. */
    static final class ActivationConverter extends OptionLanguage<Activation> {
        ActivationConverter() {
            super(Activation::parse);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = console.out();
        network.defaultHidden(DEFAULT_HIDDEN);
        validate();
        Loss l = network.loss(Loss.sparseCategoricalCrossEntropy());
        Activation act = outputActivation != null ? outputActivation : NetworkOptions.outputActivation(l);
        ModelSpec modelSpec = network.hiddenPart(inputs, false, 0).output(outputs, act, l).build();
        DeviceManager.Selection selection = new DeviceManager().open("cpu", DType.FLOAT64, BackendOptions.defaults(), out::println);
        try (Backend backend = selection.backend(); Model model = Model.create(modelSpec, backend, check.seed)) {
            out.println(model.summary());
            SplittableRandom rng = new SplittableRandom(check.seed + 1);
            double[] x = new double[check.batch * inputs];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble(-2, 2);
            }
            double[] y = targets(model.loss(), rng);
            ProgressDisplay progress = ProgressDisplay.forConsole(line -> {
                out.println(line);
                out.flush();
            });
            progress.start("gradient check, parameters");
            GradientCheckResult result = GradientChecker.check(model, x, y, check.batch, check.options(), progress);
            out.println(result.summary());
            return result.passed() ? 0 : 1;
        }
    }

    /** Every option in range before anything is built. */
    private void validate() {
        atLeast("--inputs", inputs, 1);
        atLeast("--outputs", outputs, 1);
        check.validate(Math.max(inputs, outputs));
    }

    private double[] targets(Loss l, SplittableRandom rng) {
        double[] y;
        switch (l.kind()) {
            case SPARSE_CATEGORICAL_CROSS_ENTROPY -> {
                y = new double[check.batch];
                for (int i = 0; i < check.batch; i++) {
                    y[i] = rng.nextInt(outputs);
                }
            }
            case CATEGORICAL_CROSS_ENTROPY -> {
                y = new double[check.batch * outputs];
                for (int i = 0; i < check.batch; i++) {
                    y[i * outputs + rng.nextInt(outputs)] = 1;
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                y = new double[check.batch * outputs];
                for (int i = 0; i < y.length; i++) {
                    y[i] = rng.nextInt(2);
                }
            }
            default -> {
                y = new double[check.batch * outputs];
                for (int i = 0; i < y.length; i++) {
                    y[i] = rng.nextDouble(-1, 1);
                }
            }
        }
        return y;
    }
}
