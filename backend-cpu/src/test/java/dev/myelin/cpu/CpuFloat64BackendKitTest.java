package dev.myelin.cpu;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.testkit.BackendTestKit;
import dev.myelin.testkit.BackendUnderTest;

/**
 * The whole backend test kit, PyTorch golden activations and losses included, on the CPU backend in float64
 * (the oracle), two threads.
 */
class CpuFloat64BackendKitTest extends BackendUnderTest implements BackendTestKit {
    @Override
    public Backend openBackend() {
        return new CpuBackend(DType.FLOAT64, new BackendOptions(2));
    }
}
