package dev.myelin.kernels;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuMemsetD8;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.cuda.LaunchGeometry;
import dev.myelin.sim.Simulator;
import dev.myelin.sim.SimulatorCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

/**
 * Runs the kernels of the {@code kernels} module through JCuda's driver API, loading their PTX
 * from the kernels jar's resources as the CUDA backend does, next to the float64 CPU backend
 * (the oracle) that runs the same {@link dev.myelin.backend.Backend} operation.
 */
final class KernelHarness implements AutoCloseable {

    /** Threads of a 1-D block (MYELIN_BLOCK). */
    static final int BLOCK = LaunchGeometry.BLOCK;
    /** Rows per block of the row kernels (MYELIN_ROWS_PER_BLOCK). */
    static final int ROWS_PER_BLOCK = LaunchGeometry.ROWS_PER_BLOCK;
    /** Blocks of the whole-buffer reductions at most (MYELIN_REDUCE_MAX_BLOCKS). */
    static final int REDUCE_MAX_BLOCKS = LaunchGeometry.REDUCE_MAX_BLOCKS;

    /** The float64 oracle. */
    final CpuBackend cpu = new CpuBackend(DType.FLOAT64, BackendOptions.defaults());
    private final CUcontext context = new CUcontext();
    private final List<CUdeviceptr> allocations = new ArrayList<>();
    private final Map<String, CUmodule> modules = new HashMap<>();

    /**
     * A context on the simulated device in the check schedule: every launch runs in forward order
     * and in a random order (seed 1, varied per launch of the context) on the same memory, and fails
     * on the first byte where the two differ. Shared memory starts each block as NaN bytes. The
     * system property {@code myelin.sim.kernelSchedule} (a {@link SimulatorCounters.Schedule} name)
     * overrides the schedule: the sanitised and FMA runs use FORWARD, the check having run already.
     */
    KernelHarness() {
        Simulator.counters().setSchedule(SimulatorCounters.Schedule.valueOf(System.getProperty("myelin.sim.kernelSchedule", "CHECK")), 1);
        check(cuInit(0), "cuInit");
        CUdevice device = new CUdevice();
        check(cuDeviceGet(device, 0), "cuDeviceGet");
        check(cuCtxCreate(context, 0, device), "cuCtxCreate");
    }

    /** The PTX of {@code <file>.cu} from the kernels jar, NUL-terminated. */
    static byte[] ptx(String file) {
        String resource = "/dev/myelin/kernels/" + file + ".ptx";
        try (InputStream in = KernelHarness.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path (myelin-kernels jar)");
            }
            byte[] bytes = in.readAllBytes();
            return Arrays.copyOf(bytes, bytes.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entry {@code entry} of the packaged {@code <file>.ptx} (PTX ISA 7.8, which every CUDA 12 driver loads). */
    CUfunction function(String file, String entry) {
        CUmodule module = modules.computeIfAbsent(file, f -> {
            CUmodule m = new CUmodule();
            check(cuModuleLoadData(m, ptx(f)), "cuModuleLoadData " + f);
            return m;
        });
        CUfunction function = new CUfunction();
        check(cuModuleGetFunction(function, module, entry), "cuModuleGetFunction " + entry);
        return function;
    }

    CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        check(cuMemAlloc(p, Math.max(bytes, 4)), "cuMemAlloc");
        check(cuMemsetD32(p, 0, Math.max(bytes, 4) / 4), "cuMemsetD32");
        allocations.add(p);
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
        CUdeviceptr p = allocate((long) values.length * Sizeof.FLOAT);
        if (values.length > 0) {
            check(cuMemcpyHtoD(p, Pointer.to(values), (long) values.length * Sizeof.FLOAT), "cuMemcpyHtoD");
        }
        return p;
    }

    CUdeviceptr upload(int[] values) {
        CUdeviceptr p = allocate((long) values.length * Sizeof.INT);
        check(cuMemcpyHtoD(p, Pointer.to(values), (long) values.length * Sizeof.INT), "cuMemcpyHtoD");
        return p;
    }

    float[] download(CUdeviceptr p, int count) {
        float[] out = new float[count];
        if (count > 0) {
            check(cuMemcpyDtoH(Pointer.to(out), p, (long) count * Sizeof.FLOAT), "cuMemcpyDtoH");
        }
        return out;
    }

    /**
     * cuLaunchKernel with grid {@code (gridX, 1, 1)} and block {@code (blockX, blockY, 1)}, then a
     * synchronisation. Arguments: {@link CUdeviceptr}, {@link Integer}, {@link Float},
     * {@link Double}, {@link Long}, or null for a null device pointer.
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
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                params[i] = Pointer.to(new long[] {0L});
            } else if (a instanceof CUdeviceptr) {
                params[i] = Pointer.to((CUdeviceptr) a);
            } else if (a instanceof Integer) {
                params[i] = Pointer.to(new int[] {(Integer) a});
            } else if (a instanceof Float) {
                params[i] = Pointer.to(new float[] {(Float) a});
            } else if (a instanceof Double) {
                params[i] = Pointer.to(new double[] {(Double) a});
            } else if (a instanceof Long) {
                params[i] = Pointer.to(new long[] {(Long) a});
            } else {
                throw new IllegalArgumentException("kernel argument of type " + a.getClass());
            }
        }
        return cuLaunchKernel(f, gridX, 1, 1, blockX, blockY, 1, 0, null, Pointer.to(params), null);
    }

    /** A 1-D launch of 256-thread blocks. */
    void launch1d(CUfunction f, int gridX, Object... args) {
        launch(f, gridX, BLOCK, 1, args);
    }

    /** A launch of column blocks, (COL_X, COL_Y) threads (MYELIN_COL_X, MYELIN_COL_Y). */
    void launchColumns(CUfunction f, int gridX, Object... args) {
        launch(f, gridX, LaunchGeometry.COL_X, LaunchGeometry.COL_Y, args);
    }

    /** The grid of an element-wise kernel over n elements: ceil(n / 256) capped at 4096, at least 1. */
    static int elementGrid(long n) {
        return (int) Math.max(1, Math.min(LaunchGeometry.MAX_ELEMENT_GRID, (n + BLOCK - 1) / BLOCK));
    }

    /** The grid of a row kernel: ceil(rows / 8), at least 1. */
    static int rowGrid(int rows) {
        return Math.max(1, (rows + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK);
    }

    /** The grid of a column kernel: ceil(cols / 32), at least 1. */
    static int columnGrid(int cols) {
        return Math.max(1, (cols + LaunchGeometry.COL_X - 1) / LaunchGeometry.COL_X);
    }

    /** The grid of a whole-buffer reduction. */
    static int reduceGrid(long n) {
        return (int) Math.max(1, Math.min(REDUCE_MAX_BLOCKS, (n + BLOCK - 1) / BLOCK));
    }

    /** A float64 CPU tensor holding {@code values} (float32 values, exactly). */
    Tensor tensor(float[] values, int rows, int cols) {
        Tensor t = cpu.allocate(rows, cols);
        cpu.upload(toDouble(values), 0, t);
        return t;
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
        if (result != CUresult.CUDA_SUCCESS) {
            throw new AssertionError(what + " failed: " + CUresult.stringFor(result)
                    + (Simulator.realDriver() ? "" : " (simulator: " + Simulator.counters().lastError() + ")"));
        }
    }

    @Override
    public void close() {
        Simulator.counters().setSchedule(SimulatorCounters.Schedule.DEFAULT, 0);
        for (CUdeviceptr p : allocations) {
            cuMemFree(p);
        }
        allocations.clear();
        cuCtxDestroy(context);
    }
}
