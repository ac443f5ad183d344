package dev.myelin.cuda;

import dev.myelin.e2e.SoakCycles;
import dev.myelin.sim.SimulatedDevice;
import org.junit.jupiter.api.Test;

/** 1,000 open–train–close cycles of a model on the CUDA backend (simulator) leave no device memory and no heap behind. */
@SimulatedDevice
class CudaSoakTest {

    @Test
    void aThousandModelsOpenedTrainedAndClosedLeaveNoDeviceMemoryBehind() {
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            SoakCycles.run(cuda, cuda::liveBytes, 1000);
        }
    }
}
