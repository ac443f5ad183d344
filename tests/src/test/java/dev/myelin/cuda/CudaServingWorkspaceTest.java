package dev.myelin.cuda;

import dev.myelin.e2e.ServingWorkspace;
import dev.myelin.sim.SimulatedDevice;
import org.junit.jupiter.api.Test;

/** Serving on the CUDA backend (simulated device) with varying batch sizes holds one scratch buffer set, as on the CPU. */
@SimulatedDevice
class CudaServingWorkspaceTest {

    @Test
    void aThousandRandomBatchSizesKeepOneBufferSetSizedForTheLargest() {
        try (CudaBackend cuda = new CudaBackend(CudaOptions.defaults())) {
            ServingWorkspace.thousandRandomBatchSizesKeepOneBufferSet(cuda);
        }
    }
}
