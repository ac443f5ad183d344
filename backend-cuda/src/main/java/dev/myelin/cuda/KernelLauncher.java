package dev.myelin.cuda;

import dev.myelin.backend.Tensor;
import dev.myelin.cuda.launch.Launcher;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;

/**
 * Launches the kernels of one {@link CudaContext} on its stream: looks the entry up and launches it through the
 * shared {@link Launcher} (argument marshalling, {@code cuLaunchKernel}), which turns a failed launch into a
 * {@link CudaException} naming the entry and its geometry. The launch shapes of the kernel families
 * ({@link #elementwise}, {@link #rows}, {@link #columns}, {@link #singleBlock}) take their numbers from
 * {@link LaunchGeometry}. The backend and the kernel tests launch through this class.
 *
 * <p>Arguments, in the kernel's parameter order: a {@link Tensor} of the CUDA backend (the device address
 * of its first element), a {@link jcuda.Pointer} (e.g. a {@code CUdeviceptr}), {@link Integer}, {@link Float},
 * {@link Double}, {@link Long}, or null for a null device pointer. Not thread-safe: the context's owner
 * serialises its calls.
 */
public final class KernelLauncher {
    private final KernelModules kernels;
    private final Launcher launcher;

    KernelLauncher(KernelModules kernels, CUstream stream) {
        this.kernels = kernels;
        this.launcher = new Launcher(stream, a -> a instanceof Tensor ? DeviceBuffer.address((Tensor) a) : a, CudaException::driver);
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
        return launcher.tryLaunch(f, gridX, blockX, blockY, 0, args);
    }

    /** As {@link #tryLaunch}, throwing a {@link CudaException} that names {@code what} and the geometry when the launch fails. */
    public void launch(CUfunction f, String what, int gridX, int blockX, int blockY, Object... args) {
        launcher.launch(f, what, gridX, blockX, blockY, 0, args);
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
}
