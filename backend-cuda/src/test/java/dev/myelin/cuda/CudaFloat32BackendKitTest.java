package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.sim.SimulatedDevice;
import dev.myelin.testkit.BackendTestKit;
import dev.myelin.testkit.BackendUnderTest;

/**
 * The whole backend test kit, PyTorch golden activations and losses included, on the CUDA backend (float32) on the
 * simulated device: an sm_75 device, so the kernels come from the packaged sm_75 CUBIN; the kit's float32 tolerances.
 */
@SimulatedDevice
class CudaFloat32BackendKitTest extends BackendUnderTest implements BackendTestKit {
    @Override
    public Backend openBackend() {
        return new CudaBackend(CudaOptions.defaults());
    }
}
