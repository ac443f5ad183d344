package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemHostAlloc;
import static jcuda.driver.JCudaDriver.cuMemHostGetDevicePointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * The device status word: errors a kernel finds in its data (today: a sparse target that is no class
 * index), reported as PyTorch's device-side asserts are. The loss kernels write it; the backend reads it
 * right after each synchronisation it makes anyway ({@code download}, {@code readScalar}) and throws the
 * CPU backend's message there, then clears it. It lives in mapped page-locked host memory, so reading it
 * needs no device-to-host copy.
 *
 * <p>Layout (two {@code unsigned long long}, see {@code losses.cu}): word 0 is the lowest bad row and the
 * bits of its float target, {@code row << 32 | bits}, all ones while no row was bad; word 1 is the number of
 * classes of the launch that found it. Not thread-safe: the backend serialises its calls.
 */
final class DeviceStatus implements AutoCloseable {
    private static final long CLEAR = -1L;
    private static final int BYTES = 2 * Long.BYTES;

    private final Pointer host = new Pointer();
    private final CUdeviceptr device = new CUdeviceptr();
    private final ByteBuffer words;
    private boolean freed;

    /** Allocates and clears the word; the context must be current. */
    DeviceStatus() {
        CudaContext.driver(cuMemHostAlloc(host, BYTES, JCudaDriver.CU_MEMHOSTALLOC_DEVICEMAP), "cuMemHostAlloc(status word)");
        try {
            CudaContext.driver(cuMemHostGetDevicePointer(device, host, 0), "cuMemHostGetDevicePointer(status word)");
        } catch (CudaException e) {
            cuMemFreeHost(host);
            throw e;
        }
        words = host.getByteBuffer(0, BYTES).order(ByteOrder.nativeOrder());
        clear();
    }

    /** The device address the kernels write to. */
    CUdeviceptr pointer() {
        return device;
    }

    /**
     * After a synchronisation: throws what a kernel reported since the last check (and clears it), else
     * returns. The message is the CPU backend's for the same bad target.
     */
    void throwIfSet() {
        long first = words.getLong(0);
        if (first == CLEAR) {
            return;
        }
        long classes = words.getLong(Long.BYTES);
        clear();
        int row = (int) (first >>> 32);
        double value = Float.intBitsToFloat((int) first);
        throw new IllegalArgumentException("sparse categorical cross-entropy: target row " + row + " holds " + value
                + ", which is not a class index in [0, " + (classes - 1) + "]");
    }

    private void clear() {
        words.putLong(0, CLEAR);
        words.putLong(Long.BYTES, 0L);
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            cuMemFreeHost(host);
        }
    }
}
