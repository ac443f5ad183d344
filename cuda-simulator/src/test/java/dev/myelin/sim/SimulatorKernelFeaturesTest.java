package dev.myelin.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntToDoubleFunction;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

/**
 * The device-code features of {@code src/test/cuda/sim_features.cu} compile with the emulation
 * header and compute what float64 says they should, within float32 rounding.
 */
@SimulatedDevice(simulatorOnly = true)
class SimulatorKernelFeaturesTest extends DeviceTestCase {

    SimulatorKernelFeaturesTest() {
        super("sim_features");
    }

    /** {@code f(0) … f(n − 1)} as floats. */
    private static float[] table(int n, IntToDoubleFunction f) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) f.applyAsDouble(i);
        }
        return out;
    }

    @Test
    void adamStepWithAStructParameterMatchesTheFloat64Formula() {
        int n = 1000;
        float[] p = table(n, i -> (float) Math.sin(i));
        float[] g = table(n, i -> (float) Math.cos(3 * i));
        float[] m = table(n, i -> 0.01f * (i % 7));
        float[] v = table(n, i -> 0.001f * (i % 5));
        float lr = 1e-3f;
        float b1 = 0.9f;
        float b2 = 0.999f;
        float eps = 1e-8f;
        int step = 3;
        // struct AdamSettings { float lr, beta1, beta2, epsilon; int step; } passed by value: 20 bytes.
        ByteBuffer settings = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
        settings.putFloat(lr).putFloat(b1).putFloat(b2).putFloat(eps).putInt(step);
        CUdeviceptr dp = device.memory.upload(p);
        CUdeviceptr dg = device.memory.upload(g);
        CUdeviceptr dm = device.memory.upload(m);
        CUdeviceptr dv = device.memory.upload(v);
        int r = device.launch(device.function(module, "adam_step"), 2, 256, 0, dp, dg,
                dm, dv, settings.array(), n);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        float[] after = device.memory.floats(dp, n);
        for (int i = 0; i < n; i++) {
            double mi = b1 * (double) m[i] + (1 - (double) b1) * g[i];
            double vi = b2 * (double) v[i] + (1 - (double) b2) * g[i] * (double) g[i];
            double mHat = mi / (1 - Math.pow(b1, step));
            double vHat = vi / (1 - Math.pow(b2, step));
            double expect = p[i] - lr * mHat / (Math.sqrt(vHat) + eps);
            assertThat((double) after[i]).as("param %d", i).isCloseTo(expect, within(1e-6 + 1e-5 * Math.abs(expect)));
        }
    }

    @Test
    void float4LoadsAndANamespacedInlineHelperComputeSigmoid() {
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 32) / 4f;
        }
        CUdeviceptr in = device.memory.upload(x);
        CUdeviceptr out = device.memory.allocate(64 * 4);
        int r = device.launch(device.function(module, "sigmoid4"), 1, 32, 0, in, out,
                16);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        float[] y = device.memory.floats(out, 64);
        for (int i = 0; i < x.length; i++) {
            assertThat((double) y[i]).isCloseTo(1 / (1 + Math.exp(-x[i])), within(1e-6));
        }
    }

    @Test
    void integerIntrinsicsMatchTheirDefinitions() {
        int[] a = {0, 1, 0xffffffff, 0x12345678, 0x80000001};
        int[] b = {5, 0xffffffff, 0xffffffff, 0x9abcdef0, 2};
        CUdeviceptr da = device.memory.upload(a);
        CUdeviceptr db = device.memory.upload(b);
        CUdeviceptr hi = device.memory.allocate(4 * a.length);
        CUdeviceptr bits = device.memory.allocate(4 * a.length);
        int r = device.launch(device.function(module, "integer_mix"), 1, 32, 0, da, db,
                hi, bits, a.length);
        assertThat(r).isEqualTo(CUresult.CUDA_SUCCESS);
        int[] high = device.memory.ints(hi, a.length);
        int[] pop = device.memory.ints(bits, a.length);
        for (int i = 0; i < a.length; i++) {
            long product = Integer.toUnsignedLong(a[i]) * Integer.toUnsignedLong(b[i]);
            assertThat(high[i]).isEqualTo((int) (product >>> 32));
            assertThat(pop[i]).isEqualTo(Integer.bitCount(a[i]));
        }
    }
}
