package dev.myelin.schedule;

import dev.myelin.util.ArgumentChecks;

/**
 * What a {@link ReduceOnPlateau} watches and how it reacts; PyTorch {@code ReduceLROnPlateau}'s
 * settings and defaults.
 *
 * <p>Immutable and thread-safe.
 *
 * @param monitor       metric name from the trainer's per-epoch metrics, e.g. {@code val_loss},
 *                      {@code val_accuracy} (command line {@code monitor}, default {@code val_loss})
 * @param mode          MIN: lower is better; MAX: higher is better ({@code mode}, default min)
 * @param factor        the rate is multiplied by this on a plateau, in (0, 1) ({@code factor}, default 0.1)
 * @param patience      epochs without improvement tolerated; the rate drops at the next one, ≥ 0
 *                      ({@code patience}, default 10)
 * @param threshold     smallest improvement that counts, ≥ 0 ({@code threshold}, default 1e-4)
 * @param thresholdMode REL: better means below best·(1 − threshold) (MIN) or above best·(1 + threshold)
 *                      (MAX); ABS: below best − threshold or above best + threshold
 *                      ({@code threshold_mode}, default rel)
 * @param cooldown      epochs after a reduction during which bad epochs are not counted, ≥ 0
 *                      ({@code cooldown}, default 0)
 * @param minRate       the rate never goes below this, ≥ 0 ({@code min}, default 0)
 */
public record PlateauSettings(String monitor, Mode mode, double factor, int patience, double threshold,
                              ThresholdMode thresholdMode, int cooldown, double minRate) {

    /** Which direction is better. */
    public enum Mode {
        MIN,
        MAX
    }

    /** How {@link #threshold} is measured. */
    public enum ThresholdMode {
        REL,
        ABS
    }

    public PlateauSettings {
        if (monitor == null || monitor.isBlank()) {
            throw new IllegalArgumentException("reduce-on-plateau needs a metric to monitor, e.g. val_loss");
        }
        if (mode == null) {
            throw new IllegalArgumentException("reduce-on-plateau mode must be MIN or MAX, got null");
        }
        ArgumentChecks.inOpenUnitInterval("reduce-on-plateau factor", factor);
        if (patience < 0) {
            throw new IllegalArgumentException("reduce-on-plateau patience must be >= 0 epochs, got " + patience);
        }
        ArgumentChecks.nonNegative("reduce-on-plateau threshold", threshold);
        if (thresholdMode == null) {
            throw new IllegalArgumentException("reduce-on-plateau threshold_mode must be REL or ABS, got null");
        }
        if (cooldown < 0) {
            throw new IllegalArgumentException("reduce-on-plateau cooldown must be >= 0 epochs, got " + cooldown);
        }
        ArgumentChecks.nonNegative("reduce-on-plateau min lr (min)", minRate);
    }

    /** val_loss, min, factor 0.1, patience 10, threshold 1e-4 relative, cooldown 0, min lr 0. */
    public static PlateauSettings defaults() {
        return new PlateauSettings("val_loss", Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0);
    }

    public PlateauSettings withMonitor(String monitor, Mode mode) {
        return new PlateauSettings(monitor, mode, factor, patience, threshold, thresholdMode, cooldown, minRate);
    }

    public PlateauSettings withFactor(double factor) {
        return new PlateauSettings(monitor, mode, factor, patience, threshold, thresholdMode, cooldown, minRate);
    }

    public PlateauSettings withPatience(int patience) {
        return new PlateauSettings(monitor, mode, factor, patience, threshold, thresholdMode, cooldown, minRate);
    }

    public PlateauSettings withThreshold(double threshold, ThresholdMode thresholdMode) {
        return new PlateauSettings(monitor, mode, factor, patience, threshold, thresholdMode, cooldown, minRate);
    }

    public PlateauSettings withCooldown(int cooldown) {
        return new PlateauSettings(monitor, mode, factor, patience, threshold, thresholdMode, cooldown, minRate);
    }

    public PlateauSettings withMinRate(double minRate) {
        return new PlateauSettings(monitor, mode, factor, patience, threshold, thresholdMode, cooldown, minRate);
    }

    /** Whether {@code value} improves on {@code best} by more than the threshold (NaN never does). */
    boolean improves(double value, double best) {
        boolean rel = thresholdMode == ThresholdMode.REL;
        if (mode == Mode.MIN) {
            return rel ? value < best * (1 - threshold) : value < best - threshold;
        }
        return rel ? value > best * (threshold + 1) : value > best + threshold;
    }
}
