package dev.myelin.tune;

import java.util.Map;
import java.util.Objects;

/**
 * What one trial gave: its settings, status, score (NaN when it has none), epochs trained, wall time in seconds,
 * and a message (why it failed, diverged or was pruned; empty otherwise). Immutable.
 */
public record TrialResult(int id, Map<String, Object> params, TrialStatus status, double score, int epochs, double seconds, String message) {
    public TrialResult {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        params = new TrialConfig(id, params).params();
    }

    /** The trial's settings as a {@link TrialConfig}. */
    public TrialConfig config() {
        return new TrialConfig(id, params);
    }
}
