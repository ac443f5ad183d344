package dev.myelin.e2e;

import dev.myelin.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** 1,000 open–train–close cycles of a model on the CPU backend leave no tensor and no heap behind. */
class CpuSoakTest {

    @Test
    void aThousandModelsOpenedTrainedAndClosedLeaveNothingBehind() {
        try (CpuBackend cpu = (CpuBackend) Backends.cpu32()) {
            SoakCycles.run(cpu, cpu::liveBytes, 1000);
        }
    }
}
