package dev.myelin.cpu;

import dev.myelin.backend.Backend;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.testkit.BackendTestKit;
import dev.myelin.testkit.BackendUnderTest;

/**
 * The whole backend test kit, PyTorch golden activations and losses included, on the CPU backend in float32,
 * two threads.
 */
class CpuFloat32BackendKitTest extends BackendUnderTest implements BackendTestKit {
    @Override
    public Backend openBackend() {
        return new CpuBackend(DType.FLOAT32, new BackendOptions(2));
    }
}
