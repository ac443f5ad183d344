package dev.myelin.cuda.launch;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;
import jcuda.driver.CUfunction;
import jcuda.driver.CUstream;

/**
 * Launches kernels on one stream: marshals the arguments ({@link KernelArguments}) after mapping the caller's own
 * argument types to device pointers, calls {@code cuLaunchKernel} with grid {@code (gridX, 1, 1)} and block
 * {@code (blockX, blockY, 1)}, and turns a failed launch into the caller's exception ({@link DriverFailure}) naming
 * the kernel and its geometry. A failed launch leaves the context unusable, as on a GPU.
 *
 * <p>Holds no mutable state; thread-safe as far as the driver's context and stream are (callers serialise their
 * launches on a stream).
 */
public final class Launcher {
    private final CUstream stream;
    private final UnaryOperator<Object> deviceArguments;
    private final DriverFailure failure;

    /**
     * Launches on {@code stream} (null: the context's default stream); {@code deviceArguments} maps each argument
     * of a type of the caller's (e.g. a backend tensor) to a device pointer and returns any other unchanged;
     * {@code failure} makes the exception of a failed launch.
     */
    public Launcher(CUstream stream, UnaryOperator<Object> deviceArguments, DriverFailure failure) {
        this.stream = stream;
        this.deviceArguments = Objects.requireNonNull(deviceArguments, "deviceArguments");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** A launcher on the default stream for arguments of {@link KernelArguments}' types, failing with {@link DriverFailure#PLAIN}. */
    public static Launcher onDefaultStream() {
        return new Launcher(null, UnaryOperator.identity(), DriverFailure.PLAIN);
    }

    /**
     * {@code cuLaunchKernel} of {@code f}, {@code sharedBytes} bytes of dynamic shared memory a block; returns the
     * driver's result ({@code CUresult}) instead of throwing.
     */
    public int tryLaunch(CUfunction f, int gridX, int blockX, int blockY, int sharedBytes, Object... args) {
        Object[] mapped = Arrays.copyOf(args, args.length);
        for (int i = 0; i < mapped.length; i++) {
            mapped[i] = deviceArguments.apply(mapped[i]);
        }
        return cuLaunchKernel(f, gridX, 1, 1, blockX, blockY, 1, sharedBytes, stream, KernelArguments.of(mapped), null);
    }

    /** As {@link #tryLaunch}, throwing the failure's exception for {@code cuLaunchKernel(what, grid …, block …)} when the launch fails. */
    public void launch(CUfunction f, String what, int gridX, int blockX, int blockY, int sharedBytes, Object... args) {
        failure.check(tryLaunch(f, gridX, blockX, blockY, sharedBytes, args),
                "cuLaunchKernel(" + what + ", grid " + gridX + ", block " + blockX + "×" + blockY + ")");
    }
}
