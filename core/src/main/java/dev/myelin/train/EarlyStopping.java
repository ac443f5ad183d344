package dev.myelin.train;

import dev.myelin.backend.Tensor;
import dev.myelin.util.ArgumentChecks;

import java.util.Locale;
import java.util.Map;

/**
 * Stops training after {@code patience} consecutive epochs without improvement of a monitored metric (as Keras'
 * {@code EarlyStopping} and PyTorch Lightning count: patience 20 stops at the 20th such epoch; 0 stops at the first), and can put
 * back the parameters of the best epoch, with the layers' state such as batch norm's running estimates
 * (device-side copies; no host round trip).
 *
 * <p>An epoch improves on the best so far when the metric moves in the right direction by more
 * than {@code minDelta}. Direction: lower is better for names containing "loss", "mse", "mae" or
 * "error", higher otherwise (accuracy, r2, f1).
 *
 * <p>Defaults: monitor {@code val_loss}, min-delta 0, patience 10, restore best weights.
 *
 * <p>Not thread-safe: it holds the state of one training run (best value, epochs waited, copies of the best weights); use one instance per {@link Trainer#fit} at a time.
 */
public final class EarlyStopping implements Callback, Resumable {
    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean restoreBest;
    private final boolean lowerIsBetter;
    private Tensor bestParameters;
    private Tensor bestState;
    private double best;
    private int bestEpoch;
    private int wait;

    /**
     * @param monitor     metric name, e.g. {@code val_loss}, {@code val_accuracy}
     * @param minDelta    smallest change that counts as an improvement, ≥ 0
     * @param patience    consecutive epochs without improvement after which training stops, ≥ 0
     * @param restoreBest put back the parameters of the best epoch when training ends
     */
    public EarlyStopping(String monitor, double minDelta, int patience, boolean restoreBest) {
        if (monitor == null || monitor.isBlank()) {
            throw new IllegalArgumentException("early stopping needs a metric to monitor, e.g. val_loss");
        }
        ArgumentChecks.nonNegative("early stopping min-delta", minDelta);
        if (patience < 0) {
            throw new IllegalArgumentException("early stopping patience must be >= 0 epochs, got " + patience);
        }
        this.monitor = monitor;
        this.minDelta = minDelta;
        this.patience = patience;
        this.restoreBest = restoreBest;
        this.lowerIsBetter = lowerIsBetter(monitor);
    }

    /** {@code val_loss}, min-delta 0, patience 10, restore best weights. */
    public static EarlyStopping defaults() {
        return new EarlyStopping("val_loss", 0, 10, true);
    }

    static boolean lowerIsBetter(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        return m.contains("loss") || m.contains("mse") || m.contains("mae") || m.contains("error");
    }

    /** 0-based epoch with the best monitored value, or −1 before the first epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value. */
    public double bestValue() {
        return best;
    }

    @Override
    public void onTrainStart(TrainingContext context) {
        best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        bestEpoch = -1;
        wait = 0;
        if (restoreBest) {
            var model = context.model();
            bestParameters = model.backend().allocate(1, model.parameters().size());
            bestState = model.backend().allocate(1, Math.max(1, model.stateSize()));
        }
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
        Double value = metrics.get(monitor);
        if (value == null) {
            throw new IllegalStateException("early stopping monitors '" + monitor + "' but the epoch produced only " + metrics.keySet()
                    + (monitor.startsWith("val_") ? " (give the trainer a validation set)" : ""));
        }
        boolean improved = lowerIsBetter ? value < best - minDelta : value > best + minDelta;
        if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBest) {
                context.model().backend().copy(context.model().parameters(), bestParameters);
                context.model().copyStateTo(bestState);
            }
            return;
        }
        wait++;
        if (wait >= patience) { // as Keras and PyTorch Lightning: patience 20 stops after the 20th epoch without improvement
            context.requestStop(String.format(Locale.ROOT, "early stopping: %s did not improve by more than %s for %d epochs; best epoch %d (%s %.6g)",
                    monitor, minDelta, wait, bestEpoch + 1, monitor, best));
        }
    }

    @Override
    public void saveState(Map<String, double[]> into) {
        into.put("best", new double[] {best, bestEpoch, wait});
        if (bestParameters != null) {
            into.put("best_parameters", download(bestParameters));
            into.put("best_state", download(bestState));
        }
    }

    @Override
    public void restoreState(Map<String, double[]> from) {
        double[] b = Resumable.get(from, "best", 3);
        best = b[0];
        bestEpoch = (int) b[1];
        wait = (int) b[2];
        if (bestParameters != null) {
            bestParameters.backend().upload(Resumable.get(from, "best_parameters", bestParameters.size()), 0, bestParameters);
            bestState.backend().upload(Resumable.get(from, "best_state", bestState.size()), 0, bestState);
        }
    }

    private static double[] download(Tensor t) {
        double[] values = new double[t.size()];
        t.backend().download(t, values, 0);
        return values;
    }

    @Override
    public void onTrainEnd(TrainingContext context, History history) {
        if (bestParameters == null) {
            return;
        }
        if (bestEpoch >= 0 && bestEpoch < history.epochs() - 1) {
            context.model().backend().copy(bestParameters, context.model().parameters());
            context.model().copyStateFrom(bestState);
        }
        bestParameters.close();
        bestParameters = null;
        bestState.close();
        bestState = null;
    }
}
