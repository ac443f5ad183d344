package dev.myelin.train;

import dev.myelin.backend.ActivationKind;
import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import dev.myelin.data.Dataset;
import dev.myelin.model.Model;
import dev.myelin.model.ParameterSlot;
import dev.myelin.nn.ActivationLayer;
import dev.myelin.nn.Layer;
import dev.myelin.nn.Mode;

import java.util.Map;

/**
 * Records training-health statistics in the {@link History} at the end of every epoch:
 * <ul>
 *   <li>{@code grad_norm/<block>}: L2 norm of the last step's gradient of each parameter block</li>
 *   <li>{@code update_ratio/<block>}: {@code ‖w_after − w_before‖ / ‖w_before‖} of the epoch's last step (≈1e-3 is healthy)</li>
 *   <li>{@code weight_sparsity/<block>}: fraction of weights with {@code |w| ≤ threshold} (weight blocks only)</li>
 *   <li>for every activation layer, on a probe batch in inference mode: {@code act_mean/layerN}, {@code act_sparsity/layerN}
 *       (fraction of exact zeros), {@code saturation/layerN} (sigmoid output below 0.01 or above 0.99, tanh beyond ±0.99),
 *       {@code dead_units/layerN} (ReLU-family units whose output is ≤ 0 for every probe sample)</li>
 * </ul>
 * Block names are {@code layerN.W}, {@code layerN.b} … as in {@link ParameterSlot#name()}. The probe batch is the
 * first {@value #PROBE_ROWS} samples (or fewer) of the data set given.
 *
 * <p>Not thread-safe: it accumulates one training run's statistics; use one instance per {@link Trainer#fit} at a time.
 */
public final class TrainingMonitor implements Callback {
    /** Samples in the probe batch at most. */
    public static final int PROBE_ROWS = 256;
    /** Default |w| at or below which a weight counts as zero for sparsity. */
    public static final double DEFAULT_SPARSITY_THRESHOLD = 1e-6;

    private final double[] probe;
    private final int probeRows;
    private final double sparsityThreshold;
    private Tensor before;
    private Tensor delta;
    private Tensor scalar;

    /** Monitors with a probe batch from {@code data} and the default sparsity threshold. */
    public TrainingMonitor(Dataset data) {
        this(data, DEFAULT_SPARSITY_THRESHOLD);
    }

    public TrainingMonitor(Dataset data, double sparsityThreshold) {
        if (!(sparsityThreshold >= 0)) {
            throw new IllegalArgumentException("sparsity threshold must be >= 0, got " + sparsityThreshold);
        }
        this.probeRows = Math.min(PROBE_ROWS, data.size());
        this.probe = java.util.Arrays.copyOf(data.features(), probeRows * data.featureCount());
        this.sparsityThreshold = sparsityThreshold;
    }

    @Override
    public void onTrainStart(TrainingContext context) {
        Backend backend = context.model().backend();
        int size = context.model().parameters().size();
        before = backend.allocate(1, size);
        delta = backend.allocate(1, size);
        scalar = backend.allocate(1, 1);
    }

    @Override
    public void onBatchStart(TrainingContext context, int epoch, int batch) {
        if (batch == context.batchesPerEpoch() - 1) {
            context.model().backend().copy(context.model().parameters(), before);
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
        Model model = context.model();
        Backend backend = model.backend();
        backend.copy(model.parameters(), delta);
        backend.axpy(-1, before, delta);
        double[] params = model.parametersToHost();
        for (ParameterSlot slot : model.parameterSlots()) {
            int offset = slot.offset();
            int size = slot.block().size();
            metrics.put("grad_norm/" + slot.name(), norm(backend, model.gradients(), offset, size));
            double w = norm(backend, before, offset, size);
            metrics.put("update_ratio/" + slot.name(), w == 0 ? Double.NaN : norm(backend, delta, offset, size) / w);
            if (slot.block().regularized()) {
                int zeros = 0;
                for (int i = offset; i < offset + size; i++) {
                    if (Math.abs(params[i]) <= sparsityThreshold) {
                        zeros++;
                    }
                }
                metrics.put("weight_sparsity/" + slot.name(), (double) zeros / size);
            }
        }
        activationStatistics(model, metrics);
    }

    private double norm(Backend backend, Tensor flat, int offset, int size) {
        try (Tensor view = backend.view(flat, offset, 1, size)) {
            backend.sumOfSquares(view, scalar);
            return Math.sqrt(backend.readScalar(scalar, 0));
        }
    }

    private void activationStatistics(Model model, Map<String, Double> metrics) {
        Backend backend = model.backend();
        try (Tensor x = backend.allocate(probeRows, model.inputWidth())) {
            backend.upload(probe, 0, x);
            Tensor current = x;
            int index = 0;
            for (Layer layer : model.layers()) {
                current = layer.forward(current, Mode.inference());
                if (layer instanceof ActivationLayer activation) {
                    double[] a = new double[current.size()];
                    backend.download(current, a, 0);
                    record(metrics, "layer" + index, activation.activation().kind(), a, current.rows(), current.cols());
                }
                index++;
            }
        }
    }

    private static void record(Map<String, Double> metrics, String name, ActivationKind kind, double[] a, int rows, int cols) {
        double sum = 0;
        int zeros = 0;
        int saturated = 0;
        for (double v : a) {
            sum += v;
            if (v == 0) {
                zeros++;
            }
            if ((kind == ActivationKind.SIGMOID && (v < 0.01 || v > 0.99)) || (kind == ActivationKind.TANH && Math.abs(v) > 0.99)) {
                saturated++;
            }
        }
        metrics.put("act_mean/" + name, sum / a.length);
        metrics.put("act_sparsity/" + name, (double) zeros / a.length);
        if (kind == ActivationKind.SIGMOID || kind == ActivationKind.TANH) {
            metrics.put("saturation/" + name, (double) saturated / a.length);
        }
        if (kind == ActivationKind.RELU || kind == ActivationKind.LEAKY_RELU || kind == ActivationKind.RECTIFIER) {
            int dead = 0;
            for (int j = 0; j < cols; j++) {
                boolean alive = false;
                for (int i = 0; i < rows && !alive; i++) {
                    alive = a[i * cols + j] > 0;
                }
                if (!alive) {
                    dead++;
                }
            }
            metrics.put("dead_units/" + name, (double) dead / cols);
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context, History history) {
        before.close();
        delta.close();
        scalar.close();
    }
}
