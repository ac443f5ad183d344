package dev.myelin.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.sim.SimulatedDevice;
import dev.myelin.sim.Simulator;
import jcuda.driver.CUdeviceptr;
import java.util.stream.Stream;
import jcuda.driver.CUresult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The block and grid shapes the kernels assume are checked on the device: a kernel launched with a
 * shape it cannot work with traps ({@code CUDA_ERROR_LAUNCH_FAILED}, the context is lost) instead of
 * silently computing the wrong thing. Each case runs in its own context, since a trap poisons it.
 */
@SimulatedDevice
class LaunchShapeChecksTest {

    /** Launches once in a fresh context and returns the result code. */
    interface Launch {
        int run(KernelHarness h);
    }

    /** Launches {@code launch} in a fresh context: it must trap on the device when {@code traps}, else run. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aKernelTrapsOnAShapeItCannotWorkWith(String what, Launch launch, boolean traps) {
        try (KernelHarness h = new KernelHarness()) {
            int result = launch.run(h);
            assertThat(CUresult.stringFor(result)).as(what + " (simulator: " + Simulator.counters().lastError() + ")")
                    .isEqualTo(CUresult.stringFor(traps ? CUresult.CUDA_ERROR_LAUNCH_FAILED : CUresult.CUDA_SUCCESS));
            if (traps) {
                assertThat(Simulator.counters().lastError()).as(what).contains("__trap");
            }
        }
    }

    /**
     * The case table: a column kernel needs a (32, 8) block, a row kernel whole warps, a single-block accumulator a
     * grid of one, a whole-buffer reduction a grid no larger than its partials workspace.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("column sums, (32, 8)", columnSums(32, 8), false),
                Arguments.of("column sums, (256, 1)", columnSums(256, 1), true),
                Arguments.of("column sums, (32, 4)", columnSums(32, 4), true),
                Arguments.of("softmax, 256 threads", softmax(256), false),
                Arguments.of("softmax, 100 threads", softmax(100), true),
                Arguments.of("loss forward, grid 1", lossForward(1, 256), false),
                Arguments.of("loss forward, grid 2", lossForward(2, 256), true),
                Arguments.of("loss forward, 100 threads", lossForward(1, 100), true),
                Arguments.of("count correct (a row kernel), grid 2", countCorrect(2, 256), false),
                Arguments.of("count correct, 100 threads", countCorrect(1, 100), true),
                Arguments.of("sum of squares, grid 16", sumSquares(16, 256), false),
                Arguments.of("sum of squares, grid 1025", sumSquares(1025, 256), true),
                Arguments.of("sum of squares, 100 threads", sumSquares(4, 100), true));
    }

    private static Launch columnSums(int blockX, int blockY) {
        return h -> h.tryLaunch(h.function("myelin_column_sums"), 2, blockX, blockY, h.upload(new float[64 * 3]), 3, 64, 0f,
                h.upload(new float[64]));
    }

    private static Launch softmax(int blockX) {
        return h -> h.tryLaunch(h.function("myelin_softmax_forward"), 2, blockX, 1, h.upload(new float[16 * 5]),
                h.upload(new float[16 * 5]), 16, 5);
    }

    private static Launch lossForward(int grid, int blockX) {
        return h -> h.tryLaunch(h.function("myelin_loss_forward"), grid, blockX, 1, 0, 0, 1f, 0f, h.upload(new float[6]),
                h.upload(new float[6]), 2, 3, h.upload(new float[1]), null);
    }

    private static Launch countCorrect(int grid, int blockX) {
        return h -> h.tryLaunch(h.function("myelin_count_correct"), grid, blockX, 1, h.upload(new float[6]), h.upload(new float[2]), 2, 3, 1,
                0.5f, h.upload(new int[1]));
    }

    private static Launch sumSquares(int grid, int blockX) {
        return h -> {
            CUdeviceptr partials = h.workspace(8L * (grid + 1));
            return h.tryLaunch(h.function("myelin_sum_squares"), grid, blockX, 1, h.upload(new float[4096]), 4096, partials,
                    h.allocate(4), h.upload(new float[1]));
        };
    }
}
