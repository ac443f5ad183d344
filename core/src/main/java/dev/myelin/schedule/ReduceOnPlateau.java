package dev.myelin.schedule;

import dev.myelin.train.Callback;
import dev.myelin.train.Resumable;
import dev.myelin.train.TrainingContext;

import java.util.Map;
import java.util.TreeSet;

/**
 * Reduce-on-plateau, as PyTorch's {@code ReduceLROnPlateau}: starts at η0 and, whenever the monitored
 * metric has not improved for more than {@code patience} epochs, multiplies the rate by
 * {@code factor} (not below {@code minRate}), then ignores bad epochs for {@code cooldown} epochs.
 *
 * <p>At the end of every epoch ({@link #onEpochEnd}, the trainer registering this schedule as a
 * callback; or {@link #observe} directly): if the metric improves on the best (see
 * {@link PlateauSettings}), it becomes the best and the bad-epoch count resets, else the count grows;
 * during cooldown the count is held at 0; when the count exceeds patience the rate becomes
 * max(rate·factor, minRate), applied only if it changes by more than {@value #EPS}, and cooldown
 * starts. A NaN metric is a bad epoch. The new rate applies from the next epoch.
 *
 * <p>Stateful: {@link #onTrainStart} resets it, so one instance can serve several runs.
 * Command line: {@code plateau:factor=0.5,patience=3}; keys in {@link PlateauSettings}.
 *
 * <p>Not thread-safe: it holds the state of one training run; use one instance per {@code Trainer.fit} at a
 * time.
 */
public final class ReduceOnPlateau implements Schedule, Callback, Resumable {
    /** PyTorch's eps: a reduction smaller than this is skipped. */
    public static final double EPS = 1e-8;

    private final PlateauSettings settings;
    private double rate = Double.NaN;
    private double best;
    private int badEpochs;
    private int cooldownLeft;

    public ReduceOnPlateau(PlateauSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("reduce-on-plateau needs settings, e.g. PlateauSettings.defaults()");
        }
        this.settings = settings;
        reset();
    }

    /** {@link PlateauSettings#defaults()}. */
    public ReduceOnPlateau() {
        this(PlateauSettings.defaults());
    }

    public PlateauSettings settings() {
        return settings;
    }

    /** Back to the start: rate η0 at the next call, no best, no bad epochs, no cooldown. */
    public void reset() {
        rate = Double.NaN;
        best = settings.mode() == PlateauSettings.Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        badEpochs = 0;
        cooldownLeft = 0;
    }

    /** The current rate, or NaN before the first {@link #rate} call. */
    public double currentRate() {
        return rate;
    }

    /** The best metric so far (±∞ before the first). */
    public double best() {
        return best;
    }

    @Override
    public double rate(double baseRate, long step, int epoch) {
        if (Double.isNaN(rate)) {
            rate = baseRate;
        }
        return rate;
    }

    /** One epoch's monitored value; see the class description. */
    public void observe(double metric) {
        if (Double.isNaN(rate)) {
            throw new IllegalStateException("reduce-on-plateau got a metric before its first rate was asked for; "
                    + "call rate(...) for the epoch's steps first");
        }
        if (settings.improves(metric, best)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > settings.patience()) {
            double reduced = Math.max(rate * settings.factor(), settings.minRate());
            if (rate - reduced > EPS) {
                rate = reduced;
            }
            cooldownLeft = settings.cooldown();
            badEpochs = 0;
        }
    }

    @Override
    public void onTrainStart(TrainingContext context) {
        reset();
    }

    @Override
    public void saveState(Map<String, double[]> into) {
        into.put("plateau", new double[] {rate, best, badEpochs, cooldownLeft});
    }

    @Override
    public void restoreState(Map<String, double[]> from) {
        double[] p = Resumable.get(from, "plateau", 4);
        rate = p[0];
        best = p[1];
        badEpochs = (int) p[2];
        cooldownLeft = (int) p[3];
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> metrics) {
        Double value = metrics.get(settings.monitor());
        if (value == null) {
            throw new IllegalStateException("reduce-on-plateau monitors '" + settings.monitor() + "' but epoch " + (epoch + 1)
                    + " produced only " + new TreeSet<>(metrics.keySet())
                    + (settings.monitor().startsWith("val_") ? " (give the trainer a validation set, or monitor another metric)" : ""));
        }
        observe(value);
    }
}
