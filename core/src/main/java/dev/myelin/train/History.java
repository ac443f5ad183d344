package dev.myelin.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric of every finished epoch, in order, and why training ended.
 *
 * <p>Not thread-safe: the trainer appends to it on the training thread; read it after {@code fit} returns, or from callbacks on that thread.
 */
public final class History {
    private final Map<String, List<Double>> metrics = new LinkedHashMap<>();
    private int epochs;
    private String stopReason;
    private boolean lossBecameNonFinite;

    /** An independent copy of this history. */
    public History copy() {
        History h = new History();
        metrics.forEach((k, v) -> h.metrics.put(k, new ArrayList<>(v)));
        h.epochs = epochs;
        h.stopReason = stopReason;
        return h;
    }

    /** Records the metrics of one epoch. */
    public void record(Map<String, Double> epochMetrics) {
        for (Map.Entry<String, Double> e : epochMetrics.entrySet()) {
            List<Double> values = metrics.computeIfAbsent(e.getKey(), k -> new ArrayList<>(Collections.nCopies(epochs, Double.NaN)));
            values.add(e.getValue());
        }
        epochs++;
        metrics.values().forEach(v -> {
            while (v.size() < epochs) {
                v.add(Double.NaN);
            }
        });
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return epochs;
    }

    /** Names of the metrics, in first-seen order. */
    public List<String> metricNames() {
        return List.copyOf(metrics.keySet());
    }

    /** Values of {@code metric} per epoch. */
    public double[] get(String metric) {
        List<Double> values = metrics.get(metric);
        if (values == null) {
            throw new IllegalArgumentException("no metric '" + metric + "' in the history; recorded: " + metrics.keySet());
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Whether {@code metric} was recorded. */
    public boolean has(String metric) {
        return metrics.containsKey(metric);
    }

    /** Value of {@code metric} in the last epoch. */
    public double last(String metric) {
        double[] v = get(metric);
        return v[v.length - 1];
    }

    /** The 0-based epoch where {@code metric} was lowest ({@code lowerIsBetter}) or highest. */
    public int bestEpoch(String metric, boolean lowerIsBetter) {
        double[] v = get(metric);
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                continue;
            }
            if (best < 0 || (lowerIsBetter ? v[i] < v[best] : v[i] > v[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Why training ended before its last epoch (early stopping, a non-finite loss …), if it did. */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /** Records why training ended early (as the trainer does, or a checkpoint reader restoring a history). */
    public void stopped(String reason) {
        this.stopReason = reason;
    }

    /** Whether training stopped because a batch's loss became NaN or infinite (the run diverged). */
    public boolean lossBecameNonFinite() {
        return lossBecameNonFinite;
    }

    void lossBecameNonFinite(String reason) {
        this.lossBecameNonFinite = true;
        this.stopReason = reason;
    }
}
