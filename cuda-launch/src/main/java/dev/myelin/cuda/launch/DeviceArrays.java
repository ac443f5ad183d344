package dev.myelin.cuda.launch;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jcuda.driver.CUdeviceptr;

/**
 * Raw device memory of the current context for tests and tools, no pool: allocate, upload and download Java
 * arrays; {@link #close} frees everything allocated through it. A zero-length array still gets its own address
 * (at least 4 bytes are allocated) and is copied as nothing. Failed driver calls throw what {@link DriverFailure}
 * makes. Not thread-safe.
 */
public final class DeviceArrays implements AutoCloseable {
    private final DriverFailure failure;
    private final List<CUdeviceptr> allocations = new ArrayList<>();

    /** Device arrays whose failed driver calls throw {@code failure}'s exception (not null). */
    public DeviceArrays(DriverFailure failure) {
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** {@code bytes} bytes (at least 4) of uninitialised device memory. */
    public CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        failure.check(cuMemAlloc(p, Math.max(bytes, 4)), "cuMemAlloc");
        allocations.add(p);
        return p;
    }

    /** A new device array holding {@code values}. */
    public CUdeviceptr upload(float[] values) {
        return upload(HostArray.of(values));
    }

    /** A new device array holding {@code values}. */
    public CUdeviceptr upload(double[] values) {
        return upload(HostArray.of(values));
    }

    /** A new device array holding {@code values}. */
    public CUdeviceptr upload(int[] values) {
        return upload(HostArray.of(values));
    }

    private CUdeviceptr upload(HostArray host) {
        CUdeviceptr p = allocate(host.bytes());
        if (host.bytes() > 0) {
            failure.check(cuMemcpyHtoD(p, host.pointer(), host.bytes()), "cuMemcpyHtoD");
        }
        return p;
    }

    /** The first {@code count} floats at {@code p}. */
    public float[] floats(CUdeviceptr p, int count) {
        return download(p, new float[count]);
    }

    /** The first {@code count} doubles at {@code p}. */
    public double[] doubles(CUdeviceptr p, int count) {
        return download(p, new double[count]);
    }

    /** The first {@code count} ints at {@code p}. */
    public int[] ints(CUdeviceptr p, int count) {
        return download(p, new int[count]);
    }

    /** The first {@code count} longs at {@code p}. */
    public long[] longs(CUdeviceptr p, int count) {
        return download(p, new long[count]);
    }

    /** Fills {@code out} (a float[], double[], int[] or long[]) from the start of {@code p} and returns it. */
    private <A> A download(CUdeviceptr p, A out) {
        HostArray host = HostArray.of(out);
        if (host.bytes() > 0) {
            failure.check(cuMemcpyDtoH(host.pointer(), p, host.bytes()), "cuMemcpyDtoH");
        }
        return out;
    }

    /** Frees every array allocated here (errors ignored: a failed context still frees what it can). */
    @Override
    public void close() {
        for (CUdeviceptr p : allocations) {
            cuMemFree(p);
        }
        allocations.clear();
    }
}
