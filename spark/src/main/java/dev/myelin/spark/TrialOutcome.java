package dev.myelin.spark;

import dev.myelin.tune.TrialResult;
import dev.myelin.tune.TrialStatus;

import java.io.Serializable;
import java.util.LinkedHashMap;

/** A {@link TrialResult} in a form Spark can send back to the driver. */
record TrialOutcome(int id, LinkedHashMap<String, Object> params, String status, double score, int epochs, double seconds, String message)
        implements Serializable {

    TrialResult toResult() {
        return new TrialResult(id, params, TrialStatus.valueOf(status), score, epochs, seconds, message);
    }
}
