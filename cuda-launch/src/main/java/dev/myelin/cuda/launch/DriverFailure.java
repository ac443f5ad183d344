package dev.myelin.cuda.launch;

import jcuda.driver.CUresult;

/**
 * What a caller throws when a driver call fails: the CUDA backend its own exception with advice for the user, a
 * test an exception that also names what the simulator saw. Implementations must be stateless (thread-safe).
 */
@FunctionalInterface
public interface DriverFailure {

    /** A {@link DriverCallException} naming the call and the CUDA name of the result. */
    DriverFailure PLAIN = DriverCallException::new;

    /** The exception for the driver call {@code call} (e.g. {@code cuMemAlloc}) that returned {@code result}, not {@code CUDA_SUCCESS}. */
    RuntimeException exception(String call, int result);

    /** Throws {@link #exception} when {@code result} is not {@code CUDA_SUCCESS}. */
    default void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw exception(call, result);
        }
    }
}
