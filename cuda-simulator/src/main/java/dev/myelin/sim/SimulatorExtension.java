package dev.myelin.sim;

import dev.myelin.backend.Availability;
import dev.myelin.backend.BackendProvider;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@link SimulatedDevice} tests only where the simulator is loaded, and says so in the
 * report. A missing simulator is a skip on a developer's machine but a failure under
 * {@code CI=true}: CI must never go green by skipping the only tests of the CUDA path. Under
 * {@code MYELIN_CUDA=real} it runs them on the real driver instead, after one probe of the CUDA
 * backend: where that cannot open, each test fails at once with the probe's reason.
 */
public final class SimulatorExtension implements ExecutionCondition, BeforeEachCallback {

    static final String DEVICE_LINE = "simulated (Myelin CUDA simulator, no GPU)";

    /** The probe's answer under MYELIN_CUDA=real, once per JVM. */
    private static Availability realDevice;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Simulator.realDriver()) {
            boolean simulatorOnly = context.getTestClass().map(c -> c.getAnnotation(SimulatedDevice.class))
                    .map(SimulatedDevice::simulatorOnly).orElse(false);
            if (simulatorOnly) {
                return ConditionEvaluationResult.disabled("tests the CUDA simulator itself: not run under " + Simulator.SWITCH + "=real");
            }
            Availability device = realDevice();
            if (!device.usable()) {
                throw new IllegalStateException(Simulator.SWITCH + "=real, but the CUDA backend cannot run on this machine: " + device.reason());
            }
            return ConditionEvaluationResult.enabled("device: " + deviceLine());
        }
        Optional<String> reason = Simulator.unavailableReason();
        if (reason.isEmpty()) {
            return ConditionEvaluationResult.enabled("device: " + DEVICE_LINE);
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true requires the CUDA simulator, but " + reason.get());
        }
        return ConditionEvaluationResult.disabled("CUDA simulator unavailable: " + reason.get());
    }

    private static synchronized Availability realDevice() {
        if (realDevice == null) {
            // Found as the command line finds it, so this module needs no compile dependency on backend-cuda.
            realDevice = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.name().equals("cuda")).findFirst().map(BackendProvider::probe)
                    .orElse(Availability.no("no CUDA backend on the class path (add myelin-backend-cuda)"));
        }
        return realDevice;
    }

    private static String deviceLine() {
        return Simulator.realDriver() ? "real (" + realDevice().reason() + ")" : DEVICE_LINE;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String line = deviceLine();
        context.publishReportEntry("device", line);
        // Surefire keeps a test's standard output in its report; report entries it drops.
        System.out.println("[" + context.getDisplayName() + "] device: " + line);
    }
}
