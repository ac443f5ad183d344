package dev.myelin.examples;

import dev.myelin.sim.SimulatedDevice;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@link CudaExample} on the simulated device: it opens the CUDA backend and reaches the accuracy the same program reaches on the CPU. */
@SimulatedDevice
class CudaExampleTest {

    @Test
    void trainsTheDigitsOnTheCudaBackendAsWellAsOnTheCpu() throws Exception {
        ExampleRun cuda = ExampleRun.of(CudaExample::main, "cuda", "10");
        ExampleRun cpu = ExampleRun.of(CudaExample::main, "cpu", "10");
        assertThat(cuda.out()).contains("backend cuda-f32").contains("requested by").containsPattern("on cuda");
        assertThat(cuda.testAccuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(cuda.testAccuracy()).isCloseTo(cpu.testAccuracy(), within(0.02));
    }
}
