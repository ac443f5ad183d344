package dev.myelin.cpu.bench;

import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuGemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One fused Adam step over a flat parameter buffer of {@code parameters} elements (535,818 is the
 * 784-512-256-10 MLP of {@code bench/vs-pytorch.sh}). {@code bench/cpu-gemm.sh} divides the time per step
 * by the parameter count: ns per parameter. Compiled with the tests, never run by {@code mvn verify}.
 */
public class AdamBenchmark extends CpuBenchmarkState {

    /** Parameter count. */
    @Param({"535818"})
    public int parameters;

    private Tensor w;
    private Tensor g;
    private Tensor m;
    private Tensor v;

    @Setup
    public void setUp() {
        open(CpuGemm.fromProperty());
        w = allocate(1, parameters);
        g = allocate(1, parameters);
        m = allocate(1, parameters);
        v = allocate(1, parameters);
        backend.fill(w, 0.5);
        backend.fill(g, 1e-3);
    }

    private static final AdamSpec ADAM = new AdamSpec(false, 0.9, 0.999, 1e-8, 0);

    @Benchmark
    public Tensor adamStep() {
        // step 10 of Adam(1e-3): gradient coefficient 0, moment coefficient lr / (1 − 0.9^10), √(1 − 0.999^10)
        backend.adamStep(ADAM, 1e-3, 0, 1e-3 / (1 - Math.pow(0.9, 10)), Math.sqrt(1 - Math.pow(0.999, 10)), w, g, m, v, null);
        return w;
    }
}
