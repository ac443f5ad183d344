package dev.myelin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.backend.DType;
import dev.myelin.backend.LossKind;
import dev.myelin.backend.LossSpec;
import dev.myelin.backend.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Losses: value and gradient of every loss against its formula (label smoothing, on probabilities and on logits,
 * class indices and dense targets), finite values for huge logits, the log clamp, and bad class indices.
 *
 * <p>Part of the backend test kit: a backend module's test class implements this interface (or {@link
 * BackendTestKit}, which gathers every area) and supplies the backend; see {@link BackendKit}.
 */
public interface LossKit extends BackendKit {

    @Test
    default void lossesOnLogitsStayFiniteForHugeLogits() {
        LossSpec bce = new LossSpec(LossKind.BINARY_CROSS_ENTROPY, true, 0, 0);
        Tensor logits = operand(2, 1, new double[] {100, -100});
        Tensor labels = operand(2, 1, new double[] {0, 1});
        Tensor lossSum = operand(1, 1);
        backend().lossForward(bce, logits, labels, lossSum);
        assertClose("BCE on logits ±100 with the wrong label: 100 per sample", 200.0, held(lossSum)[0]);
        Tensor grad = operand(2, 1);
        backend().lossBackward(bce, logits, labels, 1.0, grad);
        assertClose("BCE-on-logits gradient σ(x) − t", new double[] {1, -1}, held(grad));

        LossSpec ce = new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, true, 0, 0);
        Tensor big = operand(1, 3, new double[] {1000, 0, -1000});
        Tensor target = operand(1, 3, new double[] {0, 1, 0});
        backend().fill(lossSum, 0);
        backend().lossForward(ce, big, target, lossSum);
        assertClose("CE on logits (1000, 0, −1000), class 1: log-sum-exp − 0", 1000.0, held(lossSum)[0]);
        Tensor ceGrad = operand(1, 3);
        backend().lossBackward(ce, big, target, 1.0, ceGrad);
        assertClose("CE-on-logits gradient softmax − t", new double[] {1, -1, 0}, held(ceGrad));
    }

    /**
     * Every loss kind, the cross-entropies on probabilities and on logits, the others plain (Huber at δ = 1); then Huber
     * at δ = 0.3 and label smoothing (categorical on probabilities and on logits, sparse on logits).
     */
    static Stream<Arguments> losses() {
        List<LossSpec> specs = new ArrayList<>();
        for (LossKind kind : LossKind.values()) {
            specs.add(new LossSpec(kind, false, kind == LossKind.HUBER ? 1.0 : 0, 0));
            if (crossEntropy(kind)) {
                specs.add(new LossSpec(kind, true, 0, 0));
            }
        }
        specs.add(new LossSpec(LossKind.HUBER, false, 0.3, 0));
        specs.add(new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, false, 0, 0.1));
        specs.add(new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, true, 0, 0.1));
        specs.add(new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 0, 0.2));
        return specs.stream().map(Arguments::of);
    }

    /** The losses that take probabilities or logits: binary, categorical and sparse categorical cross-entropy. */
    private static boolean crossEntropy(LossKind kind) {
        return kind == LossKind.BINARY_CROSS_ENTROPY || kind == LossKind.CATEGORICAL_CROSS_ENTROPY
                || kind == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
    }

    private static boolean sparse(LossSpec loss) {
        return loss.kind() == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
    }

    private static boolean onProbabilities(LossSpec loss) {
        return !loss.fromLogits() && crossEntropy(loss.kind());
    }

    /** Outputs and targets for a loss: probabilities where the loss wants them, soft or one-hot targets. */
    private double[][] lossData(LossSpec loss, int batch, int k) {
        double[] out = onProbabilities(loss) ? uniform(batch * k, 0.02, 0.98) : gaussian(batch * k);
        if (onProbabilities(loss) && loss.kind() != LossKind.BINARY_CROSS_ENTROPY) {
            normaliseRows(out, k);
        }
        double[] target;
        switch (loss.kind()) {
            case BINARY_CROSS_ENTROPY:
                target = uniform(batch * k, 0, 1);
                for (int i = 0; i < target.length; i += 2) {
                    target[i] = Math.rint(target[i]);
                }
                break;
            case CATEGORICAL_CROSS_ENTROPY:
                target = new double[batch * k];
                for (int i = 0; i < batch; i++) {
                    if (i % 2 == 0) {
                        target[i * k + random().nextInt(k)] = 1;
                    } else {
                        for (int j = 0; j < k; j++) {
                            target[i * k + j] = random().nextDouble();
                        }
                    }
                }
                normaliseRows(target, k);
                break;
            case SPARSE_CATEGORICAL_CROSS_ENTROPY:
                target = new double[batch];
                for (int i = 0; i < batch; i++) {
                    target[i] = random().nextInt(k);
                }
                break;
            default:
                target = gaussian(batch * k);
                target[1] = out[1];
                break;
        }
        return new double[][] {out, target};
    }

    private static void normaliseRows(double[] x, int k) {
        for (int i = 0; i < x.length / k; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += x[i * k + j];
            }
            for (int j = 0; j < k; j++) {
                x[i * k + j] /= s;
            }
        }
    }

    private static double clampedLog(double p) {
        return Math.max(Math.log(p), -100);
    }

    /** Smoothed target row {@code t' = (1−ε)t + ε/K}, from a dense row or a class index. */
    private static double[] smoothedTarget(LossSpec loss, double[] t, int row, int k) {
        double[] s = new double[k];
        for (int j = 0; j < k; j++) {
            double tj = sparse(loss) ? (j == (int) t[row] ? 1 : 0) : t[row * k + j];
            s[j] = (1 - loss.labelSmoothing()) * tj + loss.labelSmoothing() / k;
        }
        return s;
    }

    /** Per-sample loss ℓ and its gradient ∂ℓ/∂o for one row, written out from the documented formulas. */
    private static double referenceLoss(LossSpec loss, double[] o, double[] t, int row, int k, double[] grad) {
        double sum = 0;
        switch (loss.kind()) {
            case MEAN_SQUARED_ERROR:
                for (int j = 0; j < k; j++) {
                    double d = o[row * k + j] - t[row * k + j];
                    sum += d * d / k;
                    grad[j] = 2 * d / k;
                }
                return sum;
            case MEAN_ABSOLUTE_ERROR:
                for (int j = 0; j < k; j++) {
                    double d = o[row * k + j] - t[row * k + j];
                    sum += Math.abs(d) / k;
                    grad[j] = Math.signum(d) / k;
                }
                return sum;
            case HUBER: {
                double delta = loss.delta();
                for (int j = 0; j < k; j++) {
                    double d = o[row * k + j] - t[row * k + j];
                    sum += (Math.abs(d) < delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta)) / k;
                    grad[j] = (Math.abs(d) < delta ? d : delta * Math.signum(d)) / k;
                }
                return sum;
            }
            case BINARY_CROSS_ENTROPY:
                for (int j = 0; j < k; j++) {
                    double x = o[row * k + j];
                    double y = t[row * k + j];
                    if (loss.fromLogits()) {
                        sum += (Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)))) / k;
                        grad[j] = (Formulas.sigmoid(x) - y) / k;
                    } else {
                        sum += -(y * clampedLog(x) + (1 - y) * clampedLog(1 - x)) / k;
                        grad[j] = (x - y) / Math.max(x * (1 - x), (double) 1e-12f) / k;   // PyTorch's float floor
                    }
                }
                return sum;
            default: {
                double[] ts = smoothedTarget(loss, t, row, k);
                if (loss.fromLogits()) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        max = Math.max(max, o[row * k + j]);
                    }
                    double se = 0;
                    for (int j = 0; j < k; j++) {
                        se += Math.exp(o[row * k + j] - max);
                    }
                    double lse = max + Math.log(se);
                    double tSum = 0;
                    for (int j = 0; j < k; j++) {
                        tSum += ts[j];
                    }
                    for (int j = 0; j < k; j++) {
                        sum -= ts[j] * (o[row * k + j] - lse);
                        grad[j] = Math.exp(o[row * k + j] - lse) * tSum - ts[j];
                    }
                } else {
                    for (int j = 0; j < k; j++) {
                        sum -= ts[j] * clampedLog(o[row * k + j]);
                        grad[j] = -ts[j] / Math.max(o[row * k + j], Math.exp(-100));
                    }
                }
                return sum;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.myelin.testkit.LossKit#losses")
    default void lossForwardAndBackwardMatchTheFormulas(LossSpec loss) {
        int batch = 23;
        int k = 7;
        double[][] data = lossData(loss, batch, k);
        int tk = sparse(loss) ? 1 : k;
        Tensor output = operand(batch, k, data[0]);
        Tensor target = operand(batch, tk, data[1]);
        double[] o = held(output);
        double[] t = held(target);
        Tensor lossSum = operand(1, 1, new double[] {1.5});
        double start = held(lossSum)[0];
        backend().lossForward(loss, output, target, lossSum);

        double scale = 1.0 / batch;
        double total = 0;
        double totalAbs = 0;
        double[] gradRef = new double[batch * k];
        double[] row = new double[k];
        for (int i = 0; i < batch; i++) {
            double l = referenceLoss(loss, o, t, i, k, row);
            total += l;
            totalAbs += Math.abs(l);
            for (int j = 0; j < k; j++) {
                gradRef[i * k + j] = scale * row[j];
            }
        }
        assertClose(loss + " forward (added to 1.5)", new double[] {start + total}, held(lossSum),
                new double[] {Math.abs(start) + totalAbs});

        Tensor grad = operand(batch, k);
        backend().lossBackward(loss, output, target, scale, grad);
        double[] gradScale = new double[gradRef.length];
        if (loss.fromLogits() && loss.kind() != LossKind.BINARY_CROSS_ENTROPY) {
            java.util.Arrays.fill(gradScale, scale);
        }
        if (loss.kind() == LossKind.BINARY_CROSS_ENTROPY) {
            java.util.Arrays.fill(gradScale, scale / k);
        }
        assertClose(loss + " backward", gradRef, held(grad), gradScale);
        assertBordersIntact(loss.toString(), lossSum, grad);
    }

    @Test
    default void crossEntropyOnProbabilitiesClampsTheLogAtMinusOneHundred() {
        LossSpec loss = new LossSpec(LossKind.CATEGORICAL_CROSS_ENTROPY, false, 0, 0);
        Tensor output = operand(1, 3, new double[] {0.0, 0.5, 0.5});
        Tensor target = operand(1, 3, new double[] {1, 0, 0});
        Tensor lossSum = operand(1, 1);
        backend().lossForward(loss, output, target, lossSum);
        assertClose("CE of a zero probability", 100.0, held(lossSum)[0]);
        Tensor grad = operand(1, 3);
        backend().lossBackward(loss, output, target, 1.0, grad);
        double g0 = held(grad)[0];
        if (backend().dtype() == DType.FLOAT64) {
            assertClose("CE gradient at a zero probability", -Math.exp(100), g0);
        } else {
            assertThat(g0).as("−e^100 overflows float32").isEqualTo(Double.NEGATIVE_INFINITY);
        }
    }

    @Test
    default void sparseCrossEntropyRejectsBadClassIndicesNamingRowValueAndRange() {
        LossSpec loss = new LossSpec(LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY, true, 0, 0);
        Tensor output = operand(3, 4, gaussian(12));
        Tensor lossSum = operand(1, 1);
        Tensor grad = operand(3, 4);
        Tensor outOfRange = operand(3, 1, new double[] {0, 3, 4});
        // A device backend may find the bad index in the kernel and throw at its next synchronisation: the read.
        assertThatThrownBy(() -> {
            backend().lossForward(loss, output, outOfRange, lossSum);
            held(lossSum);
        })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 2").hasMessageContaining("4.0").hasMessageContaining("[0, 3]");
        Tensor fractional = operand(3, 1, new double[] {1.5, 0, 0});
        assertThatThrownBy(() -> {
            backend().lossBackward(loss, output, fractional, 1, grad);
            held(grad);
        })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 0").hasMessageContaining("1.5");
        Tensor wrongShape = operand(3, 4);
        assertThatThrownBy(() -> backend().lossForward(loss, output, wrongShape, lossSum))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3, 4]");
    }
}
