package dev.myelin.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.sim.SimulatorCounters.Schedule;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deliberately broken kernels of {@code src/test/cuda/sim_broken.cu} are caught by the check
 * schedule (forward against random order on the same memory, shared memory and workspaces
 * poisoned), and their correct twins pass it. Each case gets a fresh context: a caught launch
 * fails, and a failed launch loses its context.
 */
@SimulatedDevice
class BrokenKernelFixturesTest {

    private static final int N = 5000;
    private static final int GRID = 8;

    private DeviceContext device;

    @AfterEach
    void close() {
        Simulator.counters().setSchedule(Schedule.DEFAULT, 0);
        if (device != null) {
            device.close();
        }
    }

    private CUmodule open(Schedule schedule) {
        if (device != null) {
            device.close();
        }
        Simulator.counters().setSchedule(schedule, 7);
        device = new DeviceContext();
        return device.loadModule("sim_broken");
    }

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i % 17) * 0.25f;
        }
        return x;
    }

    /** A workspace of doubles filled with 0xff bytes (NaN), as a kernel must expect to find it. */
    private CUdeviceptr poisonedDoubles(int count) {
        double[] nan = new double[count];
        java.util.Arrays.fill(nan, Double.longBitsToDouble(-1L));
        return device.memory.upload(nan);
    }

    private int rotate(CUmodule module, String entry, CUdeviceptr out) {
        return device.launch(device.function(module, entry), 1, 256, 0, device.memory.upload(ramp(256)), out);
    }

    private int sumByIndex(CUmodule module, CUdeviceptr out) {
        return device.launch(device.function(module, "sum_last_block_by_index"), GRID, 256, 0, device.memory.upload(ramp(N)),
                N, poisonedDoubles(GRID), out);
    }

    private static void assertCaught(int result, String what) {
        assertThat(CUresult.stringFor(result)).as(what).isEqualTo(CUresult.stringFor(CUresult.CUDA_ERROR_LAUNCH_FAILED));
    }

    private static double rampSum(int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (i % 17) * 0.25;
        }
        return s;
    }

    @Test
    void aMissingBarrierIsCaughtAndItsTwinWithTheBarrierPasses() {
        CUmodule module = open(Schedule.CHECK);
        assertCaught(rotate(module, "rotate_missing_barrier", device.memory.allocate(256 * 4)), "missing barrier");
        assertThat(Simulator.counters().lastError()).contains("schedule check");

        module = open(Schedule.CHECK);
        CUdeviceptr out = device.memory.allocate(256 * 4);
        assertThat(rotate(module, "rotate", out)).isEqualTo(CUresult.CUDA_SUCCESS);
        float[] got = device.memory.floats(out, 256);
        float[] x = ramp(256);
        for (int t = 0; t < 256; t++) {
            assertThat(got[t]).as("out[%d] = x[%d]", t, (t + 1) % 256).isEqualTo(x[(t + 1) % 256]);
        }
    }

    @Test
    void aMissingBarrierReadsPoisonEvenInForwardOrder() {
        CUmodule module = open(Schedule.FORWARD);
        CUdeviceptr out = device.memory.allocate(256 * 4);
        assertThat(rotate(module, "rotate_missing_barrier", out)).isEqualTo(CUresult.CUDA_SUCCESS);
        float[] got = device.memory.floats(out, 256);
        // Thread t runs to its end before thread t + 1 starts: slot t + 1 still holds poison.
        assertThat(got[0]).isNaN();
        assertThat(got[254]).isNaN();
    }

    @Test
    void aLastBlockChosenByIndexPassesInForwardOrderButIsCaughtByTheCheck() {
        CUmodule module = open(Schedule.FORWARD);
        CUdeviceptr out = device.memory.allocate(4);
        assertThat(sumByIndex(module, out)).as("forward order hides the bug").isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat((double) device.memory.floats(out, 1)[0]).isEqualTo(rampSum(N));

        module = open(Schedule.CHECK);
        assertCaught(sumByIndex(module, device.memory.allocate(4)), "last block by index");
        assertThat(Simulator.counters().lastError()).contains("schedule check");
    }

    @Test
    void aLastBlockChosenByTicketPassesTheCheck() {
        CUmodule module = open(Schedule.CHECK);
        CUdeviceptr out = device.memory.allocate(4);
        CUdeviceptr counter = device.memory.upload(new int[] {0}); // the ticket counter starts at 0
        int r = device.launch(device.function(module, "sum_last_block_by_ticket"), GRID, 256, 0, device.memory.upload(ramp(N)),
                N, poisonedDoubles(GRID), counter, out);
        assertThat(r).as(Simulator.counters().lastError()).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat((double) device.memory.floats(out, 1)[0]).isEqualTo(rampSum(N));
    }

    @Test
    void aShuffleWhoseMaskLeavesOutTheCallerFailsTheLaunch() {
        CUmodule module = open(Schedule.FORWARD);
        int r = device.launch(device.function(module, "shuffle_outside_mask"), 1, 32, 0, device.memory.upload(ramp(32)),
                device.memory.allocate(32 * 4));
        assertCaught(r, "odd lanes outside the mask");
        assertThat(Simulator.counters().lastError()).contains("leaves it out");
    }

    @Test
    void aShuffleReadingALaneOutsideTheMaskGetsPoison() {
        CUmodule module = open(Schedule.FORWARD);
        CUdeviceptr out = device.memory.allocate(32 * 4);
        int r = device.launch(device.function(module, "shuffle_reads_outside_mask"), 1, 32, 0, device.memory.upload(ramp(32)),
                out);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        float[] got = device.memory.floats(out, 32);
        for (int t = 0; t < 32; t += 2) {
            assertThat(got[t]).as("even lane %d read odd lane %d", t, t + 1).isNaN();
        }
    }
}
