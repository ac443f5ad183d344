package dev.myelin.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A kernel test: a fresh {@link KernelHarness} (its own context on the device, the float64 CPU oracle)
 * for each test method, closed after it, so one test's sticky launch error or leak cannot reach the next.
 */
abstract class KernelTestCase {

    /** The harness of the running test. */
    KernelHarness h;

    @BeforeEach
    final void openHarness() {
        h = new KernelHarness();
    }

    @AfterEach
    final void closeHarness() {
        h.close();
    }
}
