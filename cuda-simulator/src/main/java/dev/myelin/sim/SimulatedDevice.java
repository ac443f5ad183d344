package dev.myelin.sim;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that runs the CUDA code path on the CUDA simulator instead of a GPU. Such tests
 * run only in the surefire execution {@code simulated-device} (its JVM has the simulator on
 * {@code LD_LIBRARY_PATH}); each reports "device: simulated" in the test report. Where the
 * simulator could not be built they are skipped with the reason, except under {@code CI=true},
 * where that is a failure.
 *
 * <p>Under {@code MYELIN_CUDA=real} the same tests run against the machine's real driver and
 * cuBLAS instead (device: real), except those marked {@link #simulatorOnly()}; a test that asks
 * for the simulator's counters is skipped with that reason; where the CUDA backend cannot open,
 * every test fails at once with the backend provider's reason.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(SimulatedDevice.TAG)
@ExtendWith(SimulatorExtension.class)
public @interface SimulatedDevice {
    String TAG = "simulated-device";

    /** True for tests of the simulator itself, or of what only it can do: never run on a real driver. */
    boolean simulatorOnly() default false;
}
