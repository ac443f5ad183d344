package dev.myelin.sim;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@link SimulatedDevice} tests only where the simulator is loaded, and says so in the
 * report. A missing simulator is a skip on a developer's machine but a failure under
 * {@code CI=true}: CI must never go green by skipping the only tests of the CUDA path.
 */
public final class SimulatorExtension implements ExecutionCondition, BeforeEachCallback {

    static final String DEVICE_LINE = "simulated (Myelin CUDA simulator, no GPU)";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> reason = Simulator.unavailableReason();
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("device: " + DEVICE_LINE);
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true requires the CUDA simulator, but " + reason.get());
        }
        return ConditionEvaluationResult.disabled("CUDA simulator unavailable: " + reason.get());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.publishReportEntry("device", DEVICE_LINE);
        // Surefire keeps a test's standard output in its report; report entries it drops.
        System.out.println("[" + context.getDisplayName() + "] device: " + DEVICE_LINE);
    }
}
