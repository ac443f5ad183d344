package dev.myelin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.backend.DType;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.loss.Loss;
import dev.myelin.nn.Activation;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every activation and every loss of a backend, forward and gradient, against PyTorch: the golden files
 * {@code activation_*.txt} and {@code loss_*.txt} that {@code tests/golden/golden_activations.py} and
 * {@code tests/golden/golden_losses.py} write. Part of the backend test kit ({@link BackendKit}): the backend
 * module supplies the backend (CPU float64, CPU float32, CUDA on the simulated device).
 *
 * <p>Activations: every {@link dev.myelin.backend.ActivationKind} has its file ({@link GoldenActivations}); a kind
 * without one fails, saying which entry to add to the golden script. Losses are named through the public factories
 * ({@link Loss#sparseCategoricalCrossEntropyWithLogits()}…). Where a file records a parameter at its default (α,
 * Huber's δ, the label smoothing ε) the test checks that Myelin's default is the one PyTorch was given, so a default
 * that drifts from PyTorch's fails here too. The inputs in the files are float32 values, held exactly by every backend, so the
 * tolerance measures the backend's arithmetic only: {@code |got − want| ≤ r·|want| + r·max|want|} over the compared
 * array, with {@code r} from {@link #relative()}.
 */
public interface ActivationLossGoldenKit extends BackendKit {

    /** Relative error allowed: 1e-12 in float64 (a few ulps, as the other areas), 1e-5 in float32 (~100 ulps). */
    default double relative() {
        return backend().dtype() == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    /** Every activation kind's golden files ({@link GoldenActivations}). */
    static Stream<GoldenActivations.Case> activations() {
        return GoldenActivations.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.myelin.testkit.ActivationLossGoldenKit#activations")
    default void activationForwardAndGradientMatchPyTorch(GoldenActivations.Case golden) {
        GoldenFile file = golden.load();
        Activation activation = golden.activation();
        if (golden.atDefault() && golden.kind().alpha().hasDefault()) {
            assertThat(Activation.of(golden.kind()).alpha()).as("default α of %s, PyTorch's in %s", golden.kind(), golden.file())
                    .isEqualTo(activation.alpha());
        }
        int rows = file.integer("rows");
        int cols = file.integer("cols");
        Tensor z = tensor(rows, cols, file.get("z"));
        Tensor out = tensor(rows, cols);
        backend().activationForward(activation.kind(), activation.alpha(), z, out);
        assertCloseToPyTorch(activation + " forward", file.get("out"), held(out));

        Tensor dy = tensor(rows, cols, file.get("dy"));
        Tensor dz = tensor(rows, cols);
        backend().activationBackward(activation.kind(), activation.alpha(), z, out, dy, dz);
        assertCloseToPyTorch(activation + " gradient", file.get("dz"), held(dz));
    }

    @Test
    default void preluForwardAndGradientsMatchPyTorch() {
        GoldenFile golden = GoldenFile.load("activation_prelu.txt");
        int rows = golden.integer("rows");
        int cols = golden.integer("cols");
        Tensor z = tensor(rows, cols, golden.get("z"));
        Tensor alpha = tensor(1, cols, golden.get("alpha"));
        Tensor out = tensor(rows, cols);
        backend().preluForward(z, alpha, out);
        assertCloseToPyTorch("prelu forward", golden.get("out"), held(out));

        Tensor dy = tensor(rows, cols, golden.get("dy"));
        Tensor dz = tensor(rows, cols);
        Tensor dalpha = tensor(1, cols);
        backend().preluBackward(z, alpha, dy, dz, dalpha);
        assertCloseToPyTorch("prelu ∂L/∂z", golden.get("dz"), held(dz));
        assertCloseToPyTorch("prelu ∂L/∂α", golden.get("dalpha"), held(dalpha));
    }

    @Test
    default void maxoutForwardArgmaxAndGradientMatchPyTorch() {
        GoldenFile golden = GoldenFile.load("activation_maxout.txt");
        int rows = golden.integer("rows");
        int units = golden.integer("units");
        int k = golden.integer("k");
        Tensor z = tensor(rows, units * k, golden.get("z"));
        Tensor out = tensor(rows, units);
        Tensor argmax = backend().allocateInt32(rows, units);
        own(argmax);
        backend().maxoutForward(z, k, out, argmax);
        assertCloseToPyTorch("maxout forward", golden.get("out"), held(out));
        assertThat(held(argmax)).as("maxout arg-max r of each group").containsExactly(golden.get("argmax"));

        Tensor dy = tensor(rows, units, golden.get("dy"));
        Tensor dz = tensor(rows, units * k);
        backend().maxoutBackward(dy, argmax, k, dz);
        assertCloseToPyTorch("maxout gradient", golden.get("dz"), held(dz));
    }

    /** Each loss golden file with the public factory it checks and the file's key for the target. */
    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("loss_mse.txt", Loss.meanSquaredError(), "target"),
                Arguments.of("loss_mae.txt", Loss.meanAbsoluteError(), "target"),
                Arguments.of("loss_huber.txt", Loss.huber(), "target"),
                Arguments.of("loss_huber_0.5.txt", Loss.huber(0.5), "target"),
                Arguments.of("loss_bce.txt", Loss.binaryCrossEntropy(), "target"),
                Arguments.of("loss_bce_saturated.txt", Loss.binaryCrossEntropy(), "target"),
                Arguments.of("loss_bce_logits.txt", Loss.binaryCrossEntropyWithLogits(), "target"),
                Arguments.of("loss_ce_probabilities.txt", Loss.categoricalCrossEntropy(), "onehot"),
                Arguments.of("loss_ce_probabilities.txt", Loss.sparseCategoricalCrossEntropy(), "labels"),
                Arguments.of("loss_ce_probabilities_smoothing.txt", Loss.categoricalCrossEntropy().withLabelSmoothing(0.1), "onehot"),
                Arguments.of("loss_ce_probabilities_smoothing.txt", Loss.sparseCategoricalCrossEntropy().withLabelSmoothing(0.1), "labels"),
                Arguments.of("loss_ce_logits.txt", Loss.categoricalCrossEntropyWithLogits(), "onehot"),
                Arguments.of("loss_ce_logits.txt", Loss.sparseCategoricalCrossEntropyWithLogits(), "labels"),
                Arguments.of("loss_ce_logits_smoothing.txt", Loss.categoricalCrossEntropyWithLogits().withLabelSmoothing(0.1), "onehot"),
                Arguments.of("loss_ce_logits_smoothing.txt", Loss.sparseCategoricalCrossEntropyWithLogits().withLabelSmoothing(0.1), "labels"),
                Arguments.of("loss_ce_logits_wide.txt", Loss.categoricalCrossEntropyWithLogits().withLabelSmoothing(0.05), "onehot"),
                Arguments.of("loss_ce_logits_wide.txt", Loss.sparseCategoricalCrossEntropyWithLogits().withLabelSmoothing(0.05), "labels"),
                Arguments.of("loss_ce_logits_soft.txt", Loss.categoricalCrossEntropyWithLogits(), "target"));
    }

    /**
     * Every {@link LossKind} is in {@link #losses()}: the cross-entropies on probabilities and on logits, with and
     * without label smoothing for the categorical ones.
     */
    @Test
    default void everyLossKindInEachOfItsFormsHasPyTorchGoldens() {
        Set<String> covered = losses().map(a -> describe(((Loss) a.get()[1]).spec())).collect(Collectors.toSet());
        for (LossKind kind : LossKind.values()) {
            boolean crossEntropy = kind == LossKind.BINARY_CROSS_ENTROPY || kind == LossKind.CATEGORICAL_CROSS_ENTROPY
                    || kind == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
            boolean smoothing = crossEntropy && kind != LossKind.BINARY_CROSS_ENTROPY;
            for (boolean logits : crossEntropy ? new boolean[] {false, true} : new boolean[] {false}) {
                for (boolean smoothed : smoothing ? new boolean[] {false, true} : new boolean[] {false}) {
                    String form = describe(new LossSpec(kind, logits, 1.0, smoothed ? 0.1 : 0));
                    assertThat(covered).as("a PyTorch golden file for %s (add it to tests/golden/golden_losses.py and to"
                            + " ActivationLossGoldenKit#losses)", form).contains(form);
                }
            }
        }
    }

    private static String describe(LossSpec spec) {
        return spec.kind() + (spec.fromLogits() ? " from logits" : " on probabilities")
                + (spec.labelSmoothing() > 0 ? " with label smoothing" : "");
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("dev.myelin.testkit.ActivationLossGoldenKit#losses")
    default void lossAndGradientMatchPyTorch(String file, Loss loss, String targetKey) {
        GoldenFile golden = GoldenFile.load(file);
        LossSpec spec = loss.spec();
        if (golden.has("delta")) {
            assertThat(spec.delta()).as("Huber δ of %s in %s", loss, file).isEqualTo(golden.get("delta")[0]);
        }
        assertThat(spec.labelSmoothing()).as("label smoothing of %s in %s", loss, file)
                .isEqualTo(golden.has("smoothing") ? golden.get("smoothing")[0] : 0.0);
        int rows = golden.integer("rows");
        int cols = golden.integer("cols");
        double[] target = golden.get(targetKey);
        Tensor output = tensor(rows, cols, golden.get("output"));
        Tensor targets = tensor(rows, target.length / rows, target);
        Tensor lossSum = tensor(1, 1);
        backend().lossForward(spec, output, targets, lossSum);
        // the backend sums the per-sample loss; PyTorch's mean reduction divides by the batch
        assertCloseToPyTorch(loss + " value", golden.get("loss"), new double[] {held(lossSum)[0] / rows});

        Tensor grad = tensor(rows, cols);
        backend().lossBackward(spec, output, targets, 1.0 / rows, grad);
        assertCloseToPyTorch(loss + " gradient", golden.get("grad"), held(grad));
    }

    private Tensor tensor(int rows, int cols) {
        Tensor t = backend().allocate(rows, cols);
        own(t);
        return t;
    }

    private Tensor tensor(int rows, int cols, double[] values) {
        assertThat(values).as("golden values for [%d, %d]", rows, cols).hasSize(rows * cols);
        Tensor t = tensor(rows, cols);
        backend().upload(values, 0, t);
        return t;
    }

    /** {@code |got − want| ≤ r·|want| + r·max|want|} element by element. */
    private void assertCloseToPyTorch(String what, double[] want, double[] got) {
        assertThat(got).as(what + " length").hasSize(want.length);
        double r = relative();
        double max = 0;
        for (double w : want) {
            max = Math.max(max, Math.abs(w));
        }
        for (int i = 0; i < want.length; i++) {
            assertThat(Math.abs(got[i] - want[i])).as("%s element %d on %s: %s, PyTorch %s", what, i, backend().name(), got[i], want[i])
                    .isLessThanOrEqualTo(r * Math.abs(want[i]) + r * max);
        }
    }
}
