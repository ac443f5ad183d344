package dev.myelin.sim;

import static org.assertj.core.api.Assertions.assertThat;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.Test;

/**
 * What the emulation header and the fiber scheduler promise, checked through JCuda on the
 * kernels of {@code src/test/cuda/sim_emulation.cu}. Inputs are small integers (or halves) in
 * float, so every expected sum below is exact whatever the order of additions.
 */
@SimulatedDevice(simulatorOnly = true)
class SimulatorEmulationTest extends DeviceTestCase {

    SimulatorEmulationTest() {
        super("sim_emulation");
    }

    @Test
    void everyThreadOfA3dGridSeesItsOwnCoordinates() {
        int[] grid = {2, 3, 2};
        int[] block = {4, 2, 3};
        int blocks = 12;
        int threads = 24;
        CUdeviceptr out = device.memory.allocate(4L * 4 * blocks * threads);
        CUfunction f = device.function(module, "write_geometry");
        int r = JCudaDriver.cuLaunchKernel(f, grid[0], grid[1], grid[2], block[0], block[1], block[2], 0, null,
                Pointer.to(Pointer.to(out)), null);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        int[] o = device.memory.ints(out, 4 * blocks * threads);
        for (int bz = 0; bz < 2; bz++) {
            for (int by = 0; by < 3; by++) {
                for (int bx = 0; bx < 2; bx++) {
                    for (int tz = 0; tz < 3; tz++) {
                        for (int ty = 0; ty < 2; ty++) {
                            for (int tx = 0; tx < 4; tx++) {
                                int b = bx + 2 * (by + 3 * bz);
                                int id = b * threads + tx + 4 * (ty + 2 * tz);
                                assertThat(o[4 * id]).isEqualTo(id);
                                assertThat(o[4 * id + 1]).isEqualTo(tx + 10 * ty + 100 * tz);
                                assertThat(o[4 * id + 2]).isEqualTo(bx + 10 * by + 100 * bz);
                                assertThat(o[4 * id + 3]).isEqualTo(4 + 10 * 2 + 100 * 3 + 1000 * blocks);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void staticSharedMemoryReductionGivesEachBlockItsSum() {
        int n = 1000;
        float[] in = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = i % 17 - 8;
        }
        CUdeviceptr dIn = device.memory.upload(in);
        CUdeviceptr dOut = device.memory.allocate(4 * 4);
        int r = device.launch(device.function(module, "reduce_static"), 4, 256, 0,
                dIn, dOut, n);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        float[] out = device.memory.floats(dOut, 4);
        for (int b = 0; b < 4; b++) {
            float expect = 0;
            for (int i = b * 256; i < Math.min(n, (b + 1) * 256); i++) {
                expect += in[i];
            }
            assertThat(out[b]).as("block %d", b).isEqualTo(expect);
        }
    }

    @Test
    void dynamicSharedMemoryReductionUsesTheSizeGivenAtLaunch() {
        int n = 300;
        double[] in = new double[n];
        for (int i = 0; i < n; i++) {
            in[i] = i * 0.5;
        }
        CUdeviceptr dIn = device.memory.upload(in);
        CUdeviceptr dOut = device.memory.allocate(2 * 8);
        int r = device.launch(device.function(module, "reduce_dynamic"), 2, 256, 256 * 8,
                dIn, dOut, n);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        double[] out = device.memory.doubles(dOut, 2);
        // sum of i/2 for i in [0,256) and [256,300)
        assertThat(out[0]).isEqualTo(255 * 256 / 4.0);
        assertThat(out[1]).isEqualTo((299 * 300 - 255 * 256) / 4.0);
    }

    @Test
    void warpShufflesMatchTheirDefinitions() {
        int threads = 64;
        int blocks = 2;
        float[] in = new float[threads * blocks];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i * 7) % 23;
        }
        CUdeviceptr dIn = device.memory.upload(in);
        CUdeviceptr dOut = device.memory.allocate(4L * 4 * in.length);
        int r = device.launch(device.function(module, "warp_shuffles"), blocks, threads, 0, dIn, dOut);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        float[] out = device.memory.floats(dOut, 4 * in.length);
        for (int gid = 0; gid < in.length; gid++) {
            int warpStart = gid / 32 * 32;
            int lane = gid % 32;
            float total = 0;
            float max = Float.NEGATIVE_INFINITY;
            float prefix = 0;
            for (int l = 0; l < 32; l++) {
                total += in[warpStart + l];
                max = Math.max(max, in[warpStart + l]);
                if (l <= lane) {
                    prefix += in[warpStart + l];
                }
            }
            // __shfl_down_sync: lane 0 holds the warp total; lane L sums lanes L.. with clamping.
            if (lane == 0) {
                assertThat(out[4 * gid]).as("warp sum at lane 0 of thread %d", gid).isEqualTo(total);
            }
            assertThat(out[4 * gid + 1]).as("broadcast of lane 0").isEqualTo(in[warpStart]);
            assertThat(out[4 * gid + 2]).as("butterfly max").isEqualTo(max);
            assertThat(out[4 * gid + 3]).as("inclusive prefix sum at thread %d", gid).isEqualTo(prefix);
        }
    }

    @Test
    void ballotAndSyncthreadsCountSeeEveryThread() {
        CUdeviceptr ballots = device.memory.allocate(4L * 8 * 2);
        CUdeviceptr counts = device.memory.allocate(4L * 2);
        int r = device.launch(device.function(module, "votes"), 2, 256, 0, ballots, counts);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(device.memory.ints(ballots, 16)).containsOnly(0xAAAAAAAA);
        assertThat(device.memory.ints(counts, 2)).containsExactly(128, 128);
    }

    @Test
    void atomicsAddEveryThreadsContribution() {
        int n = 5000;
        float[] in = new float[n];
        double expect = 0;
        for (int i = 0; i < n; i++) {
            in[i] = (i % 10) * 0.5f;
            expect += in[i];
        }
        CUdeviceptr dIn = device.memory.upload(in);
        CUdeviceptr fsum = device.memory.upload(new float[1]);
        CUdeviceptr dsum = device.memory.upload(new double[1]);
        CUdeviceptr count = device.memory.upload(new int[1]);
        CUdeviceptr maxIndex = device.memory.upload(new int[1]);
        int r = device.launch(device.function(module, "atomics"), (n + 255) / 256, 256, 0, dIn,
                fsum, dsum, count, maxIndex, n);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(device.memory.floats(fsum, 1)[0]).isEqualTo((float) expect);
        assertThat(device.memory.doubles(dsum, 1)[0]).isEqualTo(expect);
        assertThat(device.memory.ints(count, 1)[0]).isEqualTo(n);
        assertThat(device.memory.ints(maxIndex, 1)[0]).isEqualTo(n - 1);
    }

    @Test
    void templateKernelsAreBoundByTheirMangledPtxNames() {
        float[] x = {1, 2, 3, 4, 5};
        CUdeviceptr dx = device.memory.upload(x);
        int r = device.launch(device.function(module, "_Z5scaleIfEvPT_S0_i"), 1, 32, 0,
                dx, 2.5f, 4);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(device.memory.floats(dx, 5)).containsExactly(2.5f, 5f, 7.5f, 10f, 5f);
        double[] y = {1, -2};
        CUdeviceptr dy = device.memory.upload(y);
        r = device.launch(device.function(module, "_Z5scaleIdEvPT_S0_i"), 1, 32, 0,
                dy, -0.5, 2);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(device.memory.doubles(dy, 2)).containsExactly(-0.5, 1.0);
    }

    @Test
    void aBarrierThatCanNeverCompleteFailsTheLaunchAndPoisonsTheContext() {
        CUdeviceptr out = device.memory.allocate(4L * 64);
        long start = System.nanoTime();
        int r = device.launch(device.function(module, "divergent_barrier"), 1, 64, 0, out);
        assertThat(r).isEqualTo(CUresult.CUDA_ERROR_LAUNCH_TIMEOUT);
        assertThat(System.nanoTime() - start).as("fails at once, no hang").isLessThan(5_000_000_000L);
        assertThat(Simulator.counters().lastError()).contains("divergent barrier");
        // As on a GPU, the context stays unusable after a failed launch.
        assertThat(JCudaDriver.cuCtxSynchronize()).isEqualTo(CUresult.CUDA_ERROR_LAUNCH_TIMEOUT);
    }

    @Test
    void lanesWaitingForAnExitedLaneFailTheLaunch() {
        CUdeviceptr out = device.memory.allocate(4L * 32);
        int r = device.launch(device.function(module, "shuffle_missing_lane"), 1, 32, 0, out);
        assertThat(r).isEqualTo(CUresult.CUDA_ERROR_LAUNCH_TIMEOUT);
        assertThat(Simulator.counters().lastError()).contains("warp-level sync");
    }

    @Test
    void staticSharedMemoryIsReadFromThePtx() {
        int[] bytes = new int[1];
        JCudaDriver.cuFuncGetAttribute(bytes, jcuda.driver.CUfunction_attribute.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES,
                device.function(module, "reduce_static"));
        assertThat(bytes[0]).isEqualTo(256 * 4);
        JCudaDriver.cuFuncGetAttribute(bytes, jcuda.driver.CUfunction_attribute.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES,
                device.function(module, "reduce_dynamic"));
        assertThat(bytes[0]).as("extern __shared__ is dynamic, not static").isZero();
    }

    @Test
    void launchesFromTwoThreadsWithTheirOwnContextsBothComplete() throws Exception {
        int rounds = 20;
        java.util.concurrent.Callable<float[]> work = () -> {
            try (DeviceContext own = new DeviceContext()) {
                CUmodule m = own.loadModule("sim_emulation");
                float[] in = new float[512];
                java.util.Arrays.fill(in, 1f);
                CUdeviceptr dIn = own.memory.upload(in);
                CUdeviceptr dOut = own.memory.allocate(2 * 4);
                CUfunction f = own.function(m, "reduce_static");
                for (int i = 0; i < rounds; i++) {
                    DeviceContext.check(own.launch(f, 2, 256, 0, dIn, dOut,
                            512), "launch");
                }
                return own.memory.floats(dOut, 2);
            }
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(work);
            var b = pool.submit(work);
            assertThat(a.get()).containsExactly(256f, 256f);
            assertThat(b.get()).containsExactly(256f, 256f);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void moduleVariablesAreReachedThroughCuModuleGetGlobal() {
        CUdeviceptr table = new CUdeviceptr();
        long[] bytes = new long[1];
        assertThat(JCudaDriver.cuModuleGetGlobal(table, bytes, module, "scale_table")).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(bytes[0]).isEqualTo(16);
        JCudaDriver.cuMemcpyHtoD(table, Pointer.to(new float[] {1f, 2f, -1f, 0.5f}), 16);
        CUdeviceptr seen = new CUdeviceptr();
        assertThat(JCudaDriver.cuModuleGetGlobal(seen, bytes, module, "elements_seen")).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(bytes[0]).isEqualTo(4);
        JCudaDriver.cuMemsetD32(seen, 0, 1);
        CUdeviceptr x = device.memory.upload(new float[] {4, 4, 4, 4, 4, 4});
        assertThat(device.launch(device.function(module, "scale_by_table"), 1, 32, 0, x, 6))
                .isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(device.memory.floats(x, 6)).containsExactly(4f, 8f, -4f, 2f, 4f, 8f);
        assertThat(device.memory.ints(seen, 1)[0]).isEqualTo(6);
        assertThat(JCudaDriver.cuMemFree(seen)).as("a module variable is not an allocation")
                .isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        assertThat(JCudaDriver.cuModuleGetGlobal(new CUdeviceptr(), bytes, module, "no_such_variable"))
                .isEqualTo(CUresult.CUDA_ERROR_NOT_FOUND);
    }

    @Test
    void shufflesWithAWidthWorkInAPartialLastWarp() {
        int threads = 40; // one full warp and one of 8 lanes
        int blocks = 3;
        int[] in = new int[threads * blocks];
        for (int i = 0; i < in.length; i++) {
            in[i] = i * i % 101;
        }
        CUdeviceptr dIn = device.memory.upload(in);
        CUdeviceptr dOut = device.memory.allocate(4L * in.length);
        int r = device.launch(device.function(module, "segment_sums"), blocks, threads, 0, dIn, dOut);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        int[] out = device.memory.ints(dOut, in.length);
        for (int i = 0; i < in.length; i++) {
            int segment = i / 8 * 8;
            int expect = 0;
            for (int j = segment; j < segment + 8; j++) {
                expect += in[j];
            }
            assertThat(out[i]).as("thread %d", i).isEqualTo(expect);
        }
    }
}
