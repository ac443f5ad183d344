package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.contract.BackendContract;
import dev.myelin.sim.SimulatedDevice;

/**
 * The backend contract for the CUDA backend on the simulated device (an sm_75 device, so the
 * kernels come from the packaged sm_75 CUBIN), with the float32 tolerances of the suite.
 */
@SimulatedDevice
class CudaFloat32ContractTest extends BackendContract {
    @Override
    protected Backend openBackend() {
        return new CudaBackend(CudaOptions.defaults());
    }
}
