package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;

import dev.myelin.backend.Tensor;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;

/**
 * Launches the kernels of one {@link CudaContext} on its stream: looks the entry up, marshals the
 * arguments into {@code cuLaunchKernel}'s parameter array and turns a failed launch into a
 * {@link CudaException} naming the entry and its geometry. The launch shapes of the kernel families
 * ({@link #elementwise}, {@link #rows}, {@link #columns}, {@link #singleBlock}) take their numbers from
 * {@link LaunchGeometry}. The backend and the kernel tests launch through this class.
 *
 * <p>Arguments, in the kernel's parameter order: a {@link Tensor} of the CUDA backend (the device address
 * of its first element), a {@link Pointer} (e.g. a {@code CUdeviceptr}), {@link Integer}, {@link Float},
 * {@link Double}, {@link Long}, or null for a null device pointer. Not thread-safe: the context's owner
 * serialises its calls.
 */
public final class KernelLauncher {
    private final KernelModules kernels;
    private final CUstream stream;

    KernelLauncher(KernelModules kernels, CUstream stream) {
        this.kernels = kernels;
        this.stream = stream;
    }

    /** The kernel {@code entry} of the loaded modules, looked up once. */
    public CUfunction function(String entry) {
        return kernels.function(entry);
    }

    /**
     * {@code cuLaunchKernel} of {@code f} with grid {@code (gridX, 1, 1)} and block {@code (blockX, blockY, 1)}, no
     * dynamic shared memory; returns the driver's result instead of throwing (a failed launch leaves the context
     * unusable, as on a GPU).
     */
    public int tryLaunch(CUfunction f, int gridX, int blockX, int blockY, Object... args) {
        return cuLaunchKernel(f, gridX, 1, 1, blockX, blockY, 1, 0, stream, arguments(args), null);
    }

    /** As {@link #tryLaunch}, throwing a {@link CudaException} that names {@code what} and the geometry when the launch fails. */
    public void launch(CUfunction f, String what, int gridX, int blockX, int blockY, Object... args) {
        int r = tryLaunch(f, gridX, blockX, blockY, args);
        if (r != CUresult.CUDA_SUCCESS) {
            throw CudaException.driver("cuLaunchKernel(" + what + ", grid " + gridX + ", block " + blockX + "×" + blockY + ")", r);
        }
    }

    /** Launches {@code entry} with an explicit geometry. */
    public void launch(String entry, int gridX, int blockX, int blockY, Object... args) {
        launch(function(entry), entry, gridX, blockX, blockY, args);
    }

    /** An element-wise kernel over {@code n} elements (1-D blocks of BLOCK, grid-stride); nothing when {@code n == 0}. */
    void elementwise(String entry, long n, Object... args) {
        if (n > 0) {
            launch(entry, LaunchGeometry.elementGrid(n), LaunchGeometry.BLOCK, 1, args);
        }
    }

    /** A row kernel over {@code rows} rows (a warp per row); nothing when {@code rows == 0}. */
    void rows(String entry, int rows, Object... args) {
        if (rows > 0) {
            launch(entry, LaunchGeometry.rowGrid(rows), LaunchGeometry.BLOCK, 1, args);
        }
    }

    /** A column kernel over {@code cols} columns (blocks of COL_X × COL_Y); nothing when {@code cols == 0}. */
    void columns(String entry, int cols, Object... args) {
        if (cols > 0) {
            launch(entry, LaunchGeometry.columnGrid(cols), LaunchGeometry.COL_X, LaunchGeometry.COL_Y, args);
        }
    }

    /** A single-block accumulator: one block of BLOCK threads. */
    void singleBlock(String entry, Object... args) {
        launch(entry, 1, LaunchGeometry.BLOCK, 1, args);
    }

    /** The {@code kernelParams} array of {@code cuLaunchKernel}: one pointer to each argument's value. */
    public static Pointer arguments(Object... args) {
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = argument(args[i]);
        }
        return Pointer.to(params);
    }

    private static Pointer argument(Object a) {
        if (a == null) {
            return Pointer.to(new long[] {0L});
        } else if (a instanceof Tensor) {
            return Pointer.to(DeviceBuffer.address((Tensor) a));
        } else if (a instanceof Pointer) {
            return Pointer.to((Pointer) a);
        } else if (a instanceof Integer) {
            return Pointer.to(new int[] {(Integer) a});
        } else if (a instanceof Float) {
            return Pointer.to(new float[] {(Float) a});
        } else if (a instanceof Double) {
            return Pointer.to(new double[] {(Double) a});
        } else if (a instanceof Long) {
            return Pointer.to(new long[] {(Long) a});
        }
        throw new IllegalArgumentException("kernel argument of type " + a.getClass());
    }
}
