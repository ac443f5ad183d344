package dev.myelin.train;

import dev.myelin.backend.LossKind;
import dev.myelin.data.Dataset;
import dev.myelin.loss.Loss;

import java.util.Arrays;

/**
 * The loss of the best constant predictor: what a model that ignores its inputs reaches. A trained model whose loss
 * is not below it has learnt nothing (chance level).
 *
 * <ul>
 *   <li>cross-entropies on a classification set: the entropy {@code −Σ_c p̄_c·ln p̄_c} of the class frequencies
 *       {@code p̄} of the set (after label smoothing {@code p̄ ← (1−ε)·p̄ + ε/K}), reached by always predicting
 *       {@code p̄}; the binary form on one output uses the two-class frequencies;</li>
 *   <li>MSE on a regression set: the mean over outputs of each target column's variance (predicting the column mean);</li>
 *   <li>MAE: the mean over outputs of each column's mean absolute deviation from its median;</li>
 *   <li>anything else (Huber, a regression loss on class labels): NaN, unknown.</li>
 * </ul>
 * Stateless; thread-safe.
 */
public final class ConstantBaseline {

    private ConstantBaseline() {
    }

    /** The baseline loss of {@code loss} on {@code data}, or NaN when there is no closed form for the pair. */
    public static double loss(Dataset data, Loss loss) {
        if (data.size() == 0) {
            return Double.NaN;
        }
        LossKind kind = loss.kind();
        if (data.isClassification()) {
            boolean categorical = kind == LossKind.CATEGORICAL_CROSS_ENTROPY || kind == LossKind.SPARSE_CATEGORICAL_CROSS_ENTROPY;
            boolean binary = kind == LossKind.BINARY_CROSS_ENTROPY && data.numClasses() == 2;
            return categorical || binary ? classEntropy(data, categorical ? loss.spec().labelSmoothing() : 0) : Double.NaN;
        }
        return switch (kind) {
            case MEAN_SQUARED_ERROR -> meanOverColumns(data, ConstantBaseline::variance);
            case MEAN_ABSOLUTE_ERROR -> meanOverColumns(data, ConstantBaseline::deviationFromMedian);
            default -> Double.NaN;
        };
    }

    private static double classEntropy(Dataset data, double smoothing) {
        int[] counts = data.classCounts();
        double entropy = 0;
        for (int count : counts) {
            double p = (1 - smoothing) * count / data.size() + smoothing / counts.length;
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        return entropy;
    }

    private interface ColumnStatistic {
        double of(double[] column);
    }

    private static double meanOverColumns(Dataset data, ColumnStatistic statistic) {
        int width = data.targetWidth();
        double[] targets = data.targets();
        double sum = 0;
        for (int c = 0; c < width; c++) {
            double[] column = new double[data.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = targets[i * width + c];
            }
            sum += statistic.of(column);
        }
        return sum / width;
    }

    private static double variance(double[] v) {
        double mean = Arrays.stream(v).average().orElse(0);
        return Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElse(0);
    }

    private static double deviationFromMedian(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return Arrays.stream(v).map(x -> Math.abs(x - median)).average().orElse(0);
    }
}
