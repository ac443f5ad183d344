package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.contract.BackendContract;
import dev.myelin.sim.SimulatedDevice;

/**
 * The backend contract for the CUDA backend on the simulated device (default driver 12.6, so the
 * kernels come from the NVRTC fallback), with the float32 tolerances of the suite.
 */
@SimulatedDevice
class CudaFloat32ContractTest extends BackendContract {
    @Override
    protected Backend openBackend() {
        return new CudaBackend(CudaOptions.defaults());
    }
}
