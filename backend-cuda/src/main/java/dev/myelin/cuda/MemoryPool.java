package dev.myelin.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;

/**
 * Device memory of one backend: allocations are rounded up to a power of two (at least 256 bytes)
 * and a freed one goes onto the free list of its size class, so a training loop stops calling
 * {@code cuMemAlloc} after its first step. When the device is full the free lists are given back
 * and the allocation is tried once more. Not thread-safe: the backend serialises its calls.
 */
final class MemoryPool {
    private static final int MIN_CLASS = 8; // 2^8 = 256 bytes
    private static final int CLASSES = 48;

    @SuppressWarnings("unchecked")
    private final ArrayDeque<CUdeviceptr>[] free = new ArrayDeque[CLASSES];
    private final Set<DeviceBuffer> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private long liveBytes;
    private long pooledBytes;
    private long deviceAllocations;

    MemoryPool() {
        for (int i = 0; i < CLASSES; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    private static int sizeClass(long bytes) {
        long b = Math.max(bytes, 1L << MIN_CLASS);
        return 64 - Long.numberOfLeadingZeros(b - 1);
    }

    /** A buffer of at least {@code bytes} (not zeroed). */
    DeviceBuffer allocate(long bytes) {
        int c = sizeClass(bytes);
        long capacity = 1L << c;
        CUdeviceptr p = free[c].poll();
        if (p != null) {
            pooledBytes -= capacity;
        } else {
            p = new CUdeviceptr();
            int r = cuMemAlloc(p, capacity);
            if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY && pooledBytes > 0) {
                trim();
                r = cuMemAlloc(p, capacity);
            }
            if (r != CUresult.CUDA_SUCCESS) {
                throw CudaException.driver("cuMemAlloc(" + capacity + " bytes for a tensor of " + bytes + " bytes; "
                        + liveBytes + " bytes in use by this backend)", r);
            }
            deviceAllocations++;
        }
        DeviceBuffer buffer = new DeviceBuffer(p, capacity, bytes);
        live.add(buffer);
        liveBytes += capacity;
        return buffer;
    }

    /** Returns {@code buffer} to its free list. */
    void release(DeviceBuffer buffer) {
        if (buffer.released || !live.remove(buffer)) {
            return;
        }
        buffer.released = true;
        liveBytes -= buffer.capacity;
        free[sizeClass(buffer.capacity)].push(buffer.pointer);
        pooledBytes += buffer.capacity;
    }

    /** Frees every pooled (unused) allocation. */
    void trim() {
        for (ArrayDeque<CUdeviceptr> list : free) {
            for (CUdeviceptr p : list) {
                cuMemFree(p);
            }
            list.clear();
        }
        pooledBytes = 0;
    }

    /** Frees everything, in use or pooled; buffers still held by tensors are marked released. */
    void freeAll() {
        for (DeviceBuffer b : live) {
            b.released = true;
            cuMemFree(b.pointer);
        }
        live.clear();
        liveBytes = 0;
        trim();
    }

    /** Bytes held by tensors not yet closed (size classes, not requested sizes). */
    long liveBytes() {
        return liveBytes;
    }

    /** Number of cuMemAlloc calls made so far. */
    long deviceAllocations() {
        return deviceAllocations;
    }
}
