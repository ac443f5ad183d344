package dev.myelin.sim;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

/**
 * A fresh context on the (simulated) device for one test, with the few JCuda driver calls
 * tests repeat. Freeing what it allocated and destroying the context on close keeps one
 * test's sticky launch error or leak from leaking into the next.
 */
final class DeviceContext implements AutoCloseable {

    final CUdevice device = new CUdevice();
    final CUcontext context = new CUcontext();
    private final List<CUdeviceptr> allocations = new ArrayList<>();

    DeviceContext() {
        check(cuInit(0), "cuInit");
        check(cuDeviceGet(device, 0), "cuDeviceGet");
        check(cuCtxCreate(context, 0, device), "cuCtxCreate");
    }

    /**
     * Loads {@code src/test/cuda/<name>.cu}'s PTX under a driver that accepts nvcc 13's ISA 9.0.
     * The version is process-wide, hence the lock.
     */
    CUmodule loadModule(String name) {
        synchronized (DeviceContext.class) {
            return loadModuleAsCuda13(name);
        }
    }

    private CUmodule loadModuleAsCuda13(String name) {
        Simulator.counters().setDriverVersion(13000);
        try {
            CUmodule module = new CUmodule();
            check(cuModuleLoadData(module, Simulator.ptxImage(name)), "cuModuleLoadData " + name);
            return module;
        } finally {
            Simulator.counters().setDriverVersion(0);
        }
    }

    CUfunction function(CUmodule module, String name) {
        CUfunction f = new CUfunction();
        check(cuModuleGetFunction(f, module, name), "cuModuleGetFunction " + name);
        return f;
    }

    CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        check(cuMemAlloc(p, bytes), "cuMemAlloc");
        allocations.add(p);
        return p;
    }

    CUdeviceptr upload(float[] values) {
        return upload(Pointer.to(values), (long) values.length * Sizeof.FLOAT);
    }

    CUdeviceptr upload(double[] values) {
        return upload(Pointer.to(values), (long) values.length * Sizeof.DOUBLE);
    }

    CUdeviceptr upload(int[] values) {
        return upload(Pointer.to(values), (long) values.length * Sizeof.INT);
    }

    private CUdeviceptr upload(Pointer host, long bytes) {
        CUdeviceptr p = allocate(bytes);
        check(cuMemcpyHtoD(p, host, bytes), "cuMemcpyHtoD");
        return p;
    }

    float[] downloadFloats(CUdeviceptr p, int count) {
        float[] out = new float[count];
        copyToHost(Pointer.to(out), p, (long) count * Sizeof.FLOAT);
        return out;
    }

    double[] downloadDoubles(CUdeviceptr p, int count) {
        double[] out = new double[count];
        copyToHost(Pointer.to(out), p, (long) count * Sizeof.DOUBLE);
        return out;
    }

    int[] downloadInts(CUdeviceptr p, int count) {
        int[] out = new int[count];
        copyToHost(Pointer.to(out), p, (long) count * Sizeof.INT);
        return out;
    }

    private static void copyToHost(Pointer host, CUdeviceptr p, long bytes) {
        check(cuMemcpyDtoH(host, p, bytes), "cuMemcpyDtoH");
    }

    /** cuLaunchKernel on a 1-D grid; returns the CUresult. */
    int launch(CUfunction f, int blocks, int threads, int sharedBytes, Pointer... args) {
        return cuLaunchKernel(f, blocks, 1, 1, threads, 1, 1, sharedBytes, null, Pointer.to(args), null);
    }

    static void check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new AssertionError(what + " failed: " + CUresult.stringFor(result));
        }
    }

    @Override
    public void close() {
        for (CUdeviceptr p : allocations) {
            cuMemFree(p);
        }
        cuCtxDestroy(context);
    }
}
