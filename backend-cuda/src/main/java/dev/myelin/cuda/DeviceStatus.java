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
 * The device status word: errors a kernel finds in its data, reported as PyTorch's device-side asserts are. Each kind
 * of error has its own {@link Record}: a sparse target that is no class index (the loss kernels), a row index that is
 * no row of the source (the row gather), a maxout arg-max outside its group (maxout backward). The kernels write it;
 * the backend reads it right after each synchronisation it makes anyway ({@code download}, {@code readScalar}) and
 * throws the CPU backend's message there, then clears it. It lives in mapped page-locked host memory, so reading it
 * needs no device-to-host copy.
 *
 * <p>Layout of a record (two {@code unsigned long long}, {@code myelin_report} in {@code myelin_common.cuh}): word 0
 * is the lowest bad place and the 32 bits of its value, {@code place << 32 | bits}, all ones while nothing was bad;
 * word 1 holds the bounds the value broke, as {@link Record} says. Not thread-safe: the backend serialises its calls.
 */
final class DeviceStatus implements AutoCloseable {
    private static final long CLEAR = -1L;
    private static final int RECORD_BYTES = 2 * Long.BYTES;
    private static final int BYTES = Record.values().length * RECORD_BYTES;

    /** The kinds of error a kernel reports, each with its record in the status word. */
    enum Record {
        /** Place: the row; value: the float target's bits; bounds: the number of classes. */
        BAD_CLASS,
        /** Place: the position in the row index; value: the int index; bounds: {@code cols << 32 | srcRows}. */
        BAD_ROW_INDEX,
        /** Place: the element {@code i·units + u} of the arg-max; value: the int arg-max; bounds: {@code units << 32 | k}. */
        BAD_MAXOUT_ARGMAX
    }

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

    /** The device address of {@code record}, which the kernels that report it take as their status argument. */
    CUdeviceptr pointer(Record record) {
        return device.withByteOffset((long) record.ordinal() * RECORD_BYTES);
    }

    /**
     * After a synchronisation: throws what a kernel reported since the last check (the first record that is set, in
     * {@link Record} order) and clears every record, else returns. The message is the CPU backend's for the same bad
     * value.
     */
    void throwIfSet() {
        for (Record record : Record.values()) {
            int at = record.ordinal() * RECORD_BYTES;
            long first = words.getLong(at);
            if (first != CLEAR) {
                long bounds = words.getLong(at + Long.BYTES);
                clear();
                throw error(record, (int) (first >>> 32), (int) first, bounds);
            }
        }
    }

    private static IllegalArgumentException error(Record record, int place, int bits, long bounds) {
        int low = (int) bounds;
        int high = (int) (bounds >>> 32);
        return new IllegalArgumentException(switch (record) {
            case BAD_CLASS -> "sparse categorical cross-entropy: target row " + place + " holds " + (double) Float.intBitsToFloat(bits)
                    + ", which is not a class index in [0, " + (low - 1) + "]";
            case BAD_ROW_INDEX -> "gatherRows: row index " + bits + " at position " + place + " is not a row of src [" + low + ", " + high
                    + "]";
            case BAD_MAXOUT_ARGMAX -> "maxoutBackward: argmax[" + place / high + ", " + place % high + "] = " + bits + " is outside [0, "
                    + low + ")";
        });
    }

    private void clear() {
        for (int at = 0; at < BYTES; at += RECORD_BYTES) {
            words.putLong(at, CLEAR);
            words.putLong(at + Long.BYTES, 0L);
        }
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            cuMemFreeHost(host);
        }
    }
}
