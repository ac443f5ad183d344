package dev.myelin.gradcheck;

/**
 * Outcome of a gradient check or of a cross-backend gradient comparison.
 *
 * <p>Immutable and thread-safe.
 *
 * @param relativeError       {@code ‖g_ref − g‖ / (‖g_ref‖ + ‖g‖)} over the checked parameters (0 when both are 0)
 * @param worstRelativeError  the largest per-parameter relative error among parameters above the absolute floor
 * @param worstParameter      name and index of that parameter, e.g. {@code layer2.W[17]}, or "" if none
 * @param failedParameters    parameters whose own relative error exceeded the threshold (above the floor)
 * @param checkedParameters   how many parameters were compared
 * @param threshold           the pass threshold used
 * @param reference           the reference gradient (numerical, or the reference backend's) of the checked parameters
 * @param candidate           the gradient under test (back-propagation, or the candidate backend's)
 */
public record GradientCheckResult(double relativeError, double worstRelativeError, String worstParameter, int failedParameters,
                                  int checkedParameters, double threshold, double[] reference, double[] candidate) {

    /** Whether the overall relative error is below the threshold and no parameter failed on its own. */
    public boolean passed() {
        return relativeError < threshold && failedParameters == 0;
    }

    /** One line for logs and the command line. */
    public String summary() {
        return String.format("%s: relative error %.3e (threshold %.0e) over %d parameters; worst %s %.3e; %d failed",
                passed() ? "PASS" : "FAIL", relativeError, threshold, checkedParameters, worstParameter.isEmpty() ? "-" : worstParameter,
                worstRelativeError, failedParameters);
    }
}
