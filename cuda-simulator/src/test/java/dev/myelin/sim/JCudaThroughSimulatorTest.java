package dev.myelin.sim;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceComputeCapability;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuMemsetD8;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;
import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasDgemm;
import static jcuda.jcublas.JCublas2.cublasSgemm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import org.junit.jupiter.api.Test;

/**
 * The real JCuda jars and JNI libraries, driven directly, on the simulated device: a dense
 * layer {@code Y = relu(X·W + b)} as the CUDA backend computes it (cuBLAS GEMM, then a kernel
 * from nvcc's PTX), compared with a float64 computation here, with the counters the backend's
 * own tests will rely on.
 */
@SimulatedDevice(simulatorOnly = true)
class JCudaThroughSimulatorTest extends DeviceTestCase {

    JCudaThroughSimulatorTest() {
        super(null);
    }

    @Test
    void theDeviceDescribesItselfAsATuringPart() {
        byte[] name = new byte[64];
        assertThat(cuDeviceGetName(name, name.length, device.device)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(new String(name).trim()).startsWith("Myelin Simulated Device");
        int[] major = new int[1];
        int[] minor = new int[1];
        cuDeviceComputeCapability(major, minor, device.device);
        assertThat(major[0] * 10 + minor[0]).isEqualTo(75);
        int[] value = new int[1];
        cuDeviceGetAttribute(value, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, device.device);
        assertThat(value[0]).isEqualTo(1024);
        cuDeviceGetAttribute(value, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_WARP_SIZE, device.device);
        assertThat(value[0]).isEqualTo(32);
        long[] total = new long[1];
        cuDeviceTotalMem(total, device.device);
        assertThat(total[0]).isEqualTo(4096L << 20);
    }

    @Test
    void denseLayerThroughCublasAndAnNvccKernelMatchesFloat64() {
        int rows = 37;
        int in = 53;
        int out = 29;
        Random random = new Random(4);
        float[] x = randomFloats(random, rows * in);
        float[] w = randomFloats(random, in * out);
        float[] b = randomFloats(random, out);
        CUmodule module = device.loadModule("sim_pipeline");
        SimulatorCounters counters = Simulator.counters();
        SimulatorCounters.Snapshot before = counters.snapshot();

        CUdeviceptr dx = device.memory.upload(x);
        CUdeviceptr dw = device.memory.upload(w);
        CUdeviceptr db = device.memory.upload(b);
        CUdeviceptr dy = device.memory.allocate((long) rows * out * Sizeof.FLOAT);
        cublasHandle handle = new cublasHandle();
        assertThat(cublasCreate(handle)).isEqualTo(cublasStatus.CUBLAS_STATUS_SUCCESS);
        // Row-major Y[rows,out] = X[rows,in]·W[in,out] is column-major Yᵀ = Wᵀ·Xᵀ.
        int status = cublasSgemm(handle, cublasOperation.CUBLAS_OP_N, cublasOperation.CUBLAS_OP_N, out, rows, in,
                Pointer.to(new float[] {1f}), dw, out, dx, in, Pointer.to(new float[] {0f}), dy, out);
        assertThat(status).isEqualTo(cublasStatus.CUBLAS_STATUS_SUCCESS);
        int launched = device.launch(device.function(module, "bias_relu"), (rows * out + 127) / 128, 128, 0,
                dy, db, rows, out);
        assertThat(launched).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(cuCtxSynchronize()).isEqualTo(CUresult.CUDA_SUCCESS);
        float[] y = device.memory.floats(dy, rows * out);
        assertThat(cublasDestroy(handle)).isEqualTo(cublasStatus.CUBLAS_STATUS_SUCCESS);

        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < out; c++) {
                double sum = b[c];
                for (int k = 0; k < in; k++) {
                    sum += (double) x[r * in + k] * w[k * out + c];
                }
                assertThat((double) y[r * out + c]).as("Y[%d,%d]", r, c).isCloseTo(Math.max(0, sum), within(1e-4));
            }
        }

        SimulatorCounters.Snapshot d = counters.snapshot().minus(before);
        long inputBytes = (long) (x.length + w.length + b.length) * Sizeof.FLOAT;
        assertThat(d.get("allocations")).isEqualTo(4);
        assertThat(d.get("live_bytes")).isEqualTo(inputBytes + (long) rows * out * Sizeof.FLOAT);
        assertThat(d.get("copies_h2d")).isEqualTo(3);
        assertThat(d.get("bytes_h2d")).isEqualTo(inputBytes);
        assertThat(d.get("copies_d2h")).isEqualTo(1);
        assertThat(d.get("bytes_d2h")).isEqualTo((long) rows * out * Sizeof.FLOAT);
        assertThat(d.get("launches")).isEqualTo(1);
        assertThat(d.get("threads")).isEqualTo((long) (rows * out + 127) / 128 * 128);
        assertThat(d.get("synchronizations")).isEqualTo(1);
        assertThat(d.get("cublas_calls")).as("create, sgemm, destroy").isEqualTo(3);
        assertThat(d.get("cublas_flops")).isEqualTo(2L * rows * out * in);
        // This class runs in a JVM of its own: nothing since JCuda was loaded was unsupported.
        assertThat(counters.get("unsupported_calls")).as("last: " + counters.lastUnsupported()).isZero();
        assertThat(d.get("errors")).as("last: " + counters.lastError()).isZero();

        long liveBeforeClose = counters.get("live_bytes");
        device.close();
        assertThat(counters.get("live_bytes")).as("closing the context frees everything")
                .isEqualTo(liveBeforeClose - d.get("live_bytes"));
        device = new DeviceContext();
    }

    @Test
    void dgemmHonoursTransposesLeadingDimensionsAndBetaThroughJCublas2() {
        int m = 5;
        int n = 4;
        int k = 3;
        int lda = 6; // A is k x m (transposed), padded
        int ldb = 5; // B is n x k (transposed), padded
        int ldc = 7;
        Random random = new Random(7);
        double[] a = randomDoubles(random, lda * m);
        double[] bm = randomDoubles(random, ldb * k);
        double[] c = randomDoubles(random, ldc * n);
        CUdeviceptr da = device.memory.upload(a);
        CUdeviceptr dbm = device.memory.upload(bm);
        CUdeviceptr dc = device.memory.upload(c);
        cublasHandle handle = new cublasHandle();
        cublasCreate(handle);
        int status = cublasDgemm(handle, cublasOperation.CUBLAS_OP_T, cublasOperation.CUBLAS_OP_C, m, n, k,
                Pointer.to(new double[] {1.5}), da, lda, dbm, ldb, Pointer.to(new double[] {-0.5}), dc, ldc);
        assertThat(status).isEqualTo(cublasStatus.CUBLAS_STATUS_SUCCESS);
        assertThat(cublasDgemm(handle, cublasOperation.CUBLAS_OP_N, cublasOperation.CUBLAS_OP_N, m, n, k,
                Pointer.to(new double[] {1}), da, m - 1, dbm, ldb, Pointer.to(new double[] {0}), dc, ldc))
                .as("lda < m").isEqualTo(cublasStatus.CUBLAS_STATUS_INVALID_VALUE);
        double[] result = device.memory.doubles(dc, ldc * n);
        cublasDestroy(handle);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < ldc; i++) {
                double expect = c[i + j * ldc];
                if (i < m) {
                    double dot = 0;
                    for (int p = 0; p < k; p++) {
                        dot += a[p + i * lda] * bm[j + p * ldb];
                    }
                    expect = 1.5 * dot - 0.5 * c[i + j * ldc];
                }
                assertThat(result[i + j * ldc]).as("C(%d,%d)", i, j).isCloseTo(expect, within(1e-12));
            }
        }
    }

    @Test
    void asyncCopiesOnAStreamAndMemsetsArriveAfterStreamSynchronize() {
        CUstream stream = new CUstream();
        assertThat(cuStreamCreate(stream, 0)).isEqualTo(CUresult.CUDA_SUCCESS);
        // JCuda requires direct buffers (as pinned memory stands in) for async copies.
        ByteBuffer host = ByteBuffer.allocateDirect(64 * 4).order(ByteOrder.nativeOrder());
        for (int i = 0; i < 64; i++) {
            host.putFloat(i * 4, i);
        }
        CUdeviceptr p = device.memory.allocate(64 * 4);
        assertThat(cuMemcpyHtoDAsync(p, Pointer.to(host), 64 * 4, stream)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(cuMemsetD32(p.withByteOffset(16 * 4), Float.floatToIntBits(-1f), 8)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(cuMemsetD8(p.withByteOffset(32 * 4), (byte) 0, 4 * 4)).isEqualTo(CUresult.CUDA_SUCCESS);
        ByteBuffer back = ByteBuffer.allocateDirect(64 * 4).order(ByteOrder.nativeOrder());
        assertThat(cuMemcpyDtoHAsync(Pointer.to(back), p, 64 * 4, stream)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(cuStreamSynchronize(stream)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(cuStreamDestroy(stream)).isEqualTo(CUresult.CUDA_SUCCESS);
        for (int i = 0; i < 64; i++) {
            float expect = i >= 16 && i < 24 ? -1f : i >= 32 && i < 36 ? 0f : i;
            assertThat(back.getFloat(i * 4)).as("element %d", i).isEqualTo(expect);
        }
        assertThat(cuStreamSynchronize(stream)).as("destroyed stream").isEqualTo(CUresult.CUDA_ERROR_INVALID_HANDLE);
    }

    @Test
    void peakBytesKeepTheHighWaterMarkAfterAFree() {
        SimulatorCounters counters = Simulator.counters();
        long live = counters.get("live_bytes");
        CUdeviceptr big = new CUdeviceptr();
        assertThat(jcuda.driver.JCudaDriver.cuMemAlloc(big, 3L << 20)).isEqualTo(CUresult.CUDA_SUCCESS);
        long peak = counters.get("peak_bytes");
        assertThat(peak).isGreaterThanOrEqualTo(live + (3L << 20));
        assertThat(jcuda.driver.JCudaDriver.cuMemFree(big)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(counters.get("live_bytes")).isEqualTo(live);
        assertThat(counters.get("peak_bytes")).isEqualTo(peak);
        long[] free = new long[1];
        long[] total = new long[1];
        jcuda.driver.JCudaDriver.cuMemGetInfo(free, total);
        assertThat(total[0] - free[0]).as("cuMemGetInfo agrees with the live-bytes counter").isEqualTo(live);
    }

    @Test
    void directBuffersCanBePageLockedAndUnlockedOnce() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
        Pointer host = Pointer.to(buffer);
        assertThat(jcuda.driver.JCudaDriver.cuMemHostRegister(host, 4096, 0)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(jcuda.driver.JCudaDriver.cuMemHostRegister(host, 4096, 0)).as("twice")
                .isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        CUdeviceptr mapped = new CUdeviceptr();
        assertThat(jcuda.driver.JCudaDriver.cuMemHostGetDevicePointer(mapped, host, 0)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(jcuda.driver.JCudaDriver.cuMemHostUnregister(host)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(jcuda.driver.JCudaDriver.cuMemHostUnregister(host)).as("twice")
                .isEqualTo(CUresult.CUDA_ERROR_INVALID_VALUE);
        String[] busId = new String[1];
        assertThat(jcuda.driver.JCudaDriver.cuDeviceGetPCIBusId(busId, 32, device.device)).isEqualTo(CUresult.CUDA_SUCCESS);
        assertThat(busId[0]).isEqualTo("0000:00:00.0");
    }

    private static float[] randomFloats(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian());
        }
        return v;
    }

    private static double[] randomDoubles(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
