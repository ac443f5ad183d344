package dev.myelin.sim;

import jcuda.driver.CUmodule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A simulator test on a fresh {@link DeviceContext} per test method, with one test module of
 * {@code src/test/cuda} loaded (or none), closed after it.
 */
abstract class DeviceTestCase {
    private final String moduleName;
    /** The context of the running test. */
    DeviceContext device;
    /** The loaded test module, or null when none was asked for. */
    CUmodule module;

    /** {@code moduleName}: a test module of {@code src/test/cuda} to load before each test, or null. */
    DeviceTestCase(String moduleName) {
        this.moduleName = moduleName;
    }

    @BeforeEach
    final void openDevice() {
        device = new DeviceContext();
        if (moduleName != null) {
            module = device.loadModule(moduleName);
        }
    }

    @AfterEach
    final void closeDevice() {
        device.close();
    }
}
