package dev.myelin.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.cpu.CpuBackendProvider;
import dev.myelin.gradcheck.GradientCheckResult;
import dev.myelin.gradcheck.GradientChecker;
import dev.myelin.loss.Loss;
import dev.myelin.model.ModelSpec;
import dev.myelin.nn.Activation;
import dev.myelin.sim.SimulatedDevice;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole-model gradients on the CUDA backend (float32, simulated device) against the CPU float64 backend, through
 * {@link GradientChecker#compareBackends}: every layer, activation and loss appears in one of the networks.
 */
@SimulatedDevice
class CudaGradientParityTest {
    private static final int ROWS = 16;

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("dense tanh, batch norm, dense sigmoid, dropout, softmax + sparse CE",
                        ModelSpec.builder(5).dense(12, Activation.tanh()).batchNorm().dense(10, Activation.sigmoid()).dropout(0.25)
                                .output(4, Activation.softmax(), Loss.sparseCategoricalCrossEntropy()).build()),
                Arguments.of("dense elu, layer norm, PReLU, maxout, softmax + categorical CE",
                        ModelSpec.builder(5).dense(12, Activation.elu()).layerNorm().prelu().maxout(6, 3)
                                .output(3, Activation.softmax(), Loss.categoricalCrossEntropy()).build()),
                Arguments.of("dense selu, dense swish, leaky ReLU, BCE with logits",
                        ModelSpec.builder(5).dense(12, Activation.selu()).dense(10, Activation.swish()).dense(8, Activation.leakyRelu())
                                .output(2, Loss.binaryCrossEntropyWithLogits()).build()),
                Arguments.of("dense relu, rectifier, sigmoid + BCE", ModelSpec.builder(5).dense(12, Activation.relu())
                        .dense(8, Activation.rectifier(-0.5)).output(2, Activation.sigmoid(), Loss.binaryCrossEntropy()).build()),
                Arguments.of("dense tanh, identity output + MSE",
                        ModelSpec.builder(5).dense(12, Activation.tanh()).output(3, Loss.meanSquaredError()).build()),
                Arguments.of("dense tanh, identity output + Huber",
                        ModelSpec.builder(5).dense(12, Activation.tanh()).output(3, Loss.huber(0.5)).build()),
                Arguments.of("dense tanh, identity output + MAE",
                        ModelSpec.builder(5).dense(12, Activation.tanh()).output(3, Loss.meanAbsoluteError()).build()),
                Arguments.of("dense relu, logits + sparse CE with logits",
                        ModelSpec.builder(5).dense(12, Activation.relu()).output(4, Loss.sparseCategoricalCrossEntropyWithLogits()).build()),
                Arguments.of("dense relu, logits + categorical CE with logits",
                        ModelSpec.builder(5).dense(12, Activation.relu()).output(4, Loss.categoricalCrossEntropyWithLogits()).build()),
                Arguments.of("residual block, softmax layer + categorical CE on probabilities with label smoothing",
                        ModelSpec.builder(5).dense(8, Activation.tanh())
                                .residual(f -> f.dense(8, Activation.relu()).dense(8, Activation.identity()))
                                .dense(3, Activation.identity()).activation(Activation.softmax())
                                .loss(Loss.categoricalCrossEntropy().withLabelSmoothing(0.1)).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void cudaFloat32GradientsMatchCpuFloat64(String name, ModelSpec spec) {
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[ROWS * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1.5, 1.5);
        }
        Loss loss = spec.loss();
        int outputs = spec.outputWidth();
        double[] y = new double[loss.sparseTargets() ? ROWS : ROWS * outputs];
        for (int i = 0; i < ROWS; i++) {
            switch (loss.kind()) {
                case SPARSE_CATEGORICAL_CROSS_ENTROPY -> y[i] = rng.nextInt(outputs);
                case CATEGORICAL_CROSS_ENTROPY -> y[i * outputs + rng.nextInt(outputs)] = 1;
                case BINARY_CROSS_ENTROPY -> {
                    for (int j = 0; j < outputs; j++) {
                        y[i * outputs + j] = rng.nextInt(2);
                    }
                }
                default -> {
                    for (int j = 0; j < outputs; j++) {
                        y[i * outputs + j] = rng.nextDouble(-1, 1);
                    }
                }
            }
        }
        try (Backend f64 = new CpuBackendProvider().open(DType.FLOAT64, new BackendOptions(2));
             Backend cuda = new CudaBackend(CudaOptions.defaults())) {
            GradientCheckResult r = GradientChecker.compareBackends(spec, 11, f64, cuda, x, y, ROWS, 1e-4);
            System.out.println("[cuda-sim] gradient parity, " + name + ": " + r.summary());
            assertThat(r.passed()).as(r.summary()).isTrue();
        }
    }
}
