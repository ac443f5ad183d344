package dev.myelin.cuda;

import dev.myelin.backend.Backend;
import dev.myelin.golden.ActivationLossGolden;
import dev.myelin.sim.SimulatedDevice;

/** Every activation and loss against PyTorch on the CUDA backend (float32) on the simulated device. */
@SimulatedDevice
class CudaActivationLossGoldenTest extends ActivationLossGolden {
    @Override
    protected Backend openBackend() {
        return new CudaBackend(CudaOptions.defaults());
    }
}
