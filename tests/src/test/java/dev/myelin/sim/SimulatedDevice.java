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
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(SimulatedDevice.TAG)
@ExtendWith(SimulatorExtension.class)
public @interface SimulatedDevice {
    String TAG = "simulated-device";
}
