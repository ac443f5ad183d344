package dev.myelin.cuda.launch;

import jcuda.driver.CUresult;

/** A CUDA driver call failed; the message names the call and the CUDA name of its result. Immutable. */
public class DriverCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int result;

    /** {@code call} returned {@code result} (a {@code CUresult}). */
    public DriverCallException(String call, int result) {
        this(call, result, "");
    }

    /** As {@link #DriverCallException(String, int)}, with {@code detail} appended to the message (empty for none). */
    public DriverCallException(String call, int result, String detail) {
        super(call + " failed: " + CUresult.stringFor(result) + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.result = result;
    }

    /** The {@code CUresult} of the failed call. */
    public int result() {
        return result;
    }
}
