package dev.myelin.sim;

import static jcuda.driver.JCudaDriver.cuCtxGetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.Test;

/** The simulator answers misuse with the codes the real driver returns. */
@SimulatedDevice(simulatorOnly = true)
class SimulatorErrorCodesTest extends DeviceTestCase {

    SimulatorErrorCodesTest() {
        super("sim_emulation");
    }

    @Test
    void aThreadWithoutACurrentContextGetsInvalidContext() throws InterruptedException {
        AtomicInteger result = new AtomicInteger(-1);
        AtomicReference<CUcontext> current = new AtomicReference<>();
        Thread other = new Thread(() -> {
            CUcontext ctx = new CUcontext();
            cuCtxGetCurrent(ctx);
            current.set(ctx);
            result.set(cuMemAlloc(new CUdeviceptr(), 16));
        });
        other.start();
        other.join();
        assertThat(result.get()).isEqualTo(CUresult.CUDA_ERROR_INVALID_CONTEXT);
        assertThat(current.get()).as("contexts are current per thread").isEqualTo(new CUcontext());
        CUcontext mine = new CUcontext();
        cuCtxGetCurrent(mine);
        assertThat(mine).isEqualTo(device.context);
    }

    @Test
    void moreThan1024ThreadsPerBlockIsAnInvalidValue() {
        CUfunction f = device.function(module, "write_geometry");
        CUdeviceptr out = device.memory.allocate(4L * 4 * 2048);
        assertThat(device.launch(f, 1, 1025, 0, out)).isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        assertThat(JCudaDriver.cuLaunchKernel(f, 1, 1, 1, 1, 1, 65, 0, null, Pointer.to(Pointer.to(out)), null))
                .as("block z above 64").isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        assertThat(JCudaDriver.cuLaunchKernel(f, 1, 65536, 1, 1, 1, 1, 0, null, Pointer.to(Pointer.to(out)), null))
                .as("grid y above 65535").isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        assertThat(device.launch(f, 1, 1024, 0, out)).isEqualTo(CUresult.CUDA_SUCCESS);
    }

    @Test
    void sharedMemoryBeyond48KibPerBlockIsAnInvalidValue() {
        CUdeviceptr in = device.memory.upload(new double[256]);
        CUdeviceptr out = device.memory.allocate(8);
        CUfunction dynamic = device.function(module, "reduce_dynamic");
        int n = 256;
        assertThat(device.launch(dynamic, 1, 256, 48 * 1024 + 1, in, out, n))
                .isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        assertThat(device.launch(dynamic, 1, 256, 48 * 1024, in, out, n))
                .isEqualTo(CUresult.CUDA_SUCCESS);
        // reduce_static declares 1 KiB of static shared memory, which counts against the limit.
        CUfunction fixed = device.function(module, "reduce_static");
        CUdeviceptr fin = device.memory.upload(new float[256]);
        assertThat(device.launch(fixed, 1, 256, 47 * 1024 + 1, fin, out, n))
                .isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
    }

    @Test
    void copiesPastTheEndOfAnAllocationAreInvalidValues() {
        CUdeviceptr p = device.memory.allocate(100);
        byte[] host = new byte[200];
        assertThat(cuMemcpyHtoD(p, Pointer.to(host), 101)).isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        assertThat(cuMemcpyDtoH(Pointer.to(host), p.withByteOffset(50), 51)).isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        assertThat(cuMemcpyDtoH(Pointer.to(host), p.withByteOffset(50), 50)).isEqualTo(CUresult.CUDA_SUCCESS);
    }

    @Test
    void freeingAnInteriorOrFreedPointerIsAnInvalidValue() {
        CUdeviceptr p = new CUdeviceptr();
        assertThat(cuMemAlloc(p, 64)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(cuMemFree(p.withByteOffset(16))).isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        assertThat(cuMemFree(p)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(cuMemFree(p)).as("double free").isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
    }

    @Test
    void allocationsBeyondDeviceMemoryAreOutOfMemoryAndZeroBytesInvalid() {
        long[] free = new long[1];
        long[] total = new long[1];
        assertThat(cuMemGetInfo(free, total)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(cuMemAlloc(new CUdeviceptr(), free[0] + 1)).isEqualTo(CUresult.CUDA_ERROR_OUT_OF_MEMORY);
        assertThat(cuMemAlloc(new CUdeviceptr(), 0)).isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
    }

    @Test
    void unknownKernelNamesAndDeviceOrdinalsAreReported() {
        assertThat(cuModuleGetFunction(new CUfunction(), module, "no_such_kernel")).isEqualTo(CUresult.CUDA_ERROR_NOT_FOUND);
        assertThat(cuDeviceGet(new CUdevice(), 1)).isEqualTo(CUresult.CUDA_ERROR_INVALID_DEVICE);
        assertThat(cuInit(1)).as("cuInit flags must be 0").isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
    }

    @Test
    void anUnimplementedDriverFunctionIsCountedAndReturnsNotSupported() {
        long before = Simulator.counters().get("unsupported_calls");
        assertThat(JCudaDriver.cuProfilerStart()).isEqualTo(CUresult.CUDA_ERROR_NOT_SUPPORTED);
        assertThat(Simulator.counters().get("unsupported_calls")).isEqualTo(before + 1);
        assertThat(Simulator.counters().lastUnsupported()).isEqualTo("cuProfilerStart");
    }

    @Test
    void anUnimplementedCublasFunctionIsCountedAndReturnsNotSupported() {
        jcuda.jcublas.cublasHandle handle = new jcuda.jcublas.cublasHandle();
        assertThat(jcuda.jcublas.JCublas2.cublasCreate(handle)).isEqualTo(jcuda.jcublas.cublasStatus.CUBLAS_STATUS_SUCCESS);
        long before = Simulator.counters().get("unsupported_calls");
        CUdeviceptr x = device.memory.allocate(16);
        int status = jcuda.jcublas.JCublas2.cublasSscal(handle, 4, Pointer.to(new float[] {2f}), x, 1);
        assertThat(status).isEqualTo(jcuda.jcublas.cublasStatus.CUBLAS_STATUS_NOT_SUPPORTED);
        assertThat(Simulator.counters().get("unsupported_calls")).isEqualTo(before + 1);
        assertThat(Simulator.counters().lastUnsupported()).isEqualTo("cublasSscal_v2");
        jcuda.jcublas.JCublas2.cublasDestroy(handle);
    }
}
