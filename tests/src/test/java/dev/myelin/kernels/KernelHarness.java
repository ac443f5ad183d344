package dev.myelin.kernels;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuMemsetD8;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.cuda.CudaContext;
import dev.myelin.cuda.KernelLauncher;
import dev.myelin.cuda.LaunchGeometry;
import dev.myelin.cuda.launch.DeviceArrays;
import dev.myelin.cuda.launch.DriverCallException;
import dev.myelin.cuda.launch.DriverFailure;
import dev.myelin.sim.Simulator;
import dev.myelin.sim.SimulatorCounters;
import java.util.Random;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Runs the kernels of the {@code kernels} module through the CUDA backend's own {@link CudaContext}
 * (module loading as the backend does it) and {@link KernelLauncher} (argument marshalling, the
 * {@link LaunchGeometry} of each kernel family), next to the float64 CPU backend (the oracle) that runs
 * the same {@link dev.myelin.backend.Backend} operation. Device memory here is raw ({@link DeviceArrays}): no pool,
 * zeroed outputs, poisoned workspaces, integer buffers.
 */
final class KernelHarness implements AutoCloseable {

    /** The float64 oracle. */
    final CpuBackend cpu = new CpuBackend(DType.FLOAT64, BackendOptions.defaults());
    private final CudaContext context;
    private final KernelLauncher launcher;
    /** A failed driver call, with what the simulator saw when the device is simulated. */
    private static final DriverFailure FAILURE = (call, result) -> new DriverCallException(call, result,
            Simulator.realDriver() ? "" : "simulator: " + Simulator.counters().lastError());
    private final DeviceArrays memory = new DeviceArrays(FAILURE);

    /**
     * A context on the simulated device in the check schedule: every launch runs in forward order
     * and in a random order (seed 1, varied per launch of the context) on the same memory, and fails
     * on the first byte where the two differ. Shared memory starts each block as NaN bytes. The
     * system property {@code myelin.sim.kernelSchedule} (a {@link SimulatorCounters.Schedule} name)
     * overrides the schedule: the sanitised and FMA runs use FORWARD, the check having run already.
     */
    KernelHarness() {
        Simulator.counters().setSchedule(SimulatorCounters.Schedule.valueOf(System.getProperty("myelin.sim.kernelSchedule", "CHECK")), 1);
        context = new CudaContext(0, false);
        launcher = context.launcher();
    }

    /** The kernel {@code entry}, from the modules the context loaded (the backend's choice of CUBIN, PTX or NVRTC). */
    CUfunction function(String entry) {
        return launcher.function(entry);
    }

    /** {@code bytes} bytes (at least 4) of device memory, zeroed. */
    CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = memory.allocate(bytes);
        check(cuMemsetD32(p, 0, Math.max(bytes, 4) / 4), "cuMemsetD32");
        return p;
    }

    /** Fills {@code bytes} bytes at {@code p} with 0xff: NaN as float and double, what a workspace may hold before a launch. */
    void poison(CUdeviceptr p, long bytes) {
        check(cuMemsetD8(p, (byte) 0xff, bytes), "cuMemsetD8");
    }

    /** A workspace of {@code bytes} bytes, NaN-filled. */
    CUdeviceptr workspace(long bytes) {
        CUdeviceptr p = allocate(bytes);
        poison(p, bytes);
        return p;
    }

    CUdeviceptr upload(float[] values) {
        return memory.upload(values);
    }

    CUdeviceptr upload(int[] values) {
        return memory.upload(values);
    }

    /**
     * A cleared record of the device status word ({@code myelin_report} in {@code myelin_common.cuh}): two 64-bit words,
     * all ones and 0.
     */
    CUdeviceptr statusWord() {
        CUdeviceptr p = allocate(2L * Sizeof.LONG);
        check(cuMemsetD32(p, 0xffffffff, 2), "cuMemsetD32");
        return p;
    }

    float[] download(CUdeviceptr p, int count) {
        return memory.floats(p, count);
    }

    long[] downloadLongs(CUdeviceptr p, int count) {
        return memory.longs(p, count);
    }

    int[] downloadInts(CUdeviceptr p, int count) {
        return memory.ints(p, count);
    }

    /**
     * cuLaunchKernel with grid {@code (gridX, 1, 1)} and block {@code (blockX, blockY, 1)}, then a
     * synchronisation. Arguments as {@link KernelLauncher} takes them ({@link CUdeviceptr}, {@link Integer},
     * {@link Float}, {@link Double}, {@link Long}, or null for a null device pointer).
     */
    void launch(CUfunction f, int gridX, int blockX, int blockY, Object... args) {
        check(tryLaunch(f, gridX, blockX, blockY, args), "cuLaunchKernel");
        check(cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /**
     * cuLaunchKernel as in {@link #launch}, returning its result code instead of failing; a failed
     * launch leaves the context unusable, as on a GPU.
     */
    int tryLaunch(CUfunction f, int gridX, int blockX, int blockY, Object... args) {
        return launcher.tryLaunch(f, gridX, blockX, blockY, args);
    }

    /** A 1-D launch of BLOCK-thread blocks. */
    void launch1d(CUfunction f, int gridX, Object... args) {
        launch(f, gridX, LaunchGeometry.BLOCK, 1, args);
    }

    /** A launch of column blocks, (COL_X, COL_Y) threads. */
    void launchColumns(CUfunction f, int gridX, Object... args) {
        launch(f, gridX, LaunchGeometry.COL_X, LaunchGeometry.COL_Y, args);
    }

    /** A float64 CPU tensor holding {@code values} (float32 values, exactly). */
    Tensor tensor(float[] values, int rows, int cols) {
        Tensor t = cpu.allocate(rows, cols);
        cpu.upload(toDouble(values), 0, t);
        return t;
    }

    /** A CPU {@link DType#INT32} tensor holding {@code values}. */
    Tensor int32Tensor(int[] values, int rows, int cols) {
        Tensor t = cpu.allocateInt32(rows, cols);
        cpu.upload(values, 0, t);
        return t;
    }

    /** The ints of a CPU {@link DType#INT32} tensor. */
    int[] ints(Tensor t) {
        int[] out = new int[t.size()];
        cpu.download(t, out, 0);
        return out;
    }

    double[] values(Tensor t) {
        double[] out = new double[t.size()];
        cpu.download(t, out, 0);
        return out;
    }

    static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    static float[] random(Random random, int n, double lo, double hi) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return out;
    }

    /** Asserts {@code |actual − expected| ≤ abs + rel·|expected|} element by element (NaN only where NaN is expected). */
    static void assertClose(String what, float[] actual, double[] expected, double rel, double abs) {
        if (actual.length != expected.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
            double a = actual[i];
            double e = expected[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) ? a == e : Math.abs(a - e) <= abs + rel * Math.abs(e);
            if (!ok) {
                throw new AssertionError(String.format("%s[%d]: kernel %.9g, CPU float64 %.9g (difference %.3g, allowed %.3g + %.3g·|x|)",
                        what, i, a, e, Math.abs(a - e), abs, rel));
            }
        }
    }

    static void check(int result, String what) {
        FAILURE.check(result, what);
    }

    @Override
    public void close() {
        Simulator.counters().setSchedule(SimulatorCounters.Schedule.DEFAULT, 0);
        memory.close();
        context.close();
    }
}
