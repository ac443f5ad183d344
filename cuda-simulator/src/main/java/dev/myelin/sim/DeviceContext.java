package dev.myelin.sim;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import dev.myelin.cuda.launch.DeviceArrays;
import dev.myelin.cuda.launch.DriverFailure;
import dev.myelin.cuda.launch.Launcher;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * A fresh context on the (simulated) device for one test, with the few JCuda driver calls
 * tests repeat: its {@link #memory} (raw device arrays) and launches through the shared
 * {@link Launcher}, as the CUDA backend and the kernel tests launch. Freeing what it allocated
 * and destroying the context on close keeps one test's sticky launch error or leak from leaking
 * into the next.
 */
final class DeviceContext implements AutoCloseable {

    final CUdevice device = new CUdevice();
    final CUcontext context = new CUcontext();
    /** Device arrays of this context, freed at close. */
    final DeviceArrays memory = new DeviceArrays(DriverFailure.PLAIN);
    private final Launcher launcher = Launcher.onDefaultStream();

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

    /**
     * cuLaunchKernel on a 1-D grid of 1-D blocks with {@code sharedBytes} of dynamic shared memory on the default
     * stream; returns the CUresult. Arguments as {@link dev.myelin.cuda.launch.KernelArguments} takes them.
     */
    int launch(CUfunction f, int blocks, int threads, int sharedBytes, Object... args) {
        return launcher.tryLaunch(f, blocks, threads, 1, sharedBytes, args);
    }

    static void check(int result, String what) {
        DriverFailure.PLAIN.check(result, what);
    }

    @Override
    public void close() {
        memory.close();
        cuCtxDestroy(context);
    }
}
