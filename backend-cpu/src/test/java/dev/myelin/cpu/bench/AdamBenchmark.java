package dev.myelin.cpu.bench;

import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackend;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One fused Adam step over a flat parameter buffer of {@code parameters} elements (535,818 is the
 * 784-512-256-10 MLP of {@code bench/vs-pytorch.sh}). {@code bench/cpu-gemm.sh} divides the time per step
 * by the parameter count: ns per parameter. Compiled with the tests, never run by {@code mvn verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AdamBenchmark {

    /** Element type. */
    @Param({"FLOAT32", "FLOAT64"})
    public String dtype;

    /** Parameter count. */
    @Param({"535818"})
    public int parameters;

    /** Worker threads; 0 = one per core. */
    @Param({"0"})
    public int threads;

    private CpuBackend backend;
    private Tensor w;
    private Tensor g;
    private Tensor m;
    private Tensor v;

    @Setup
    public void setUp() {
        backend = new CpuBackend(DType.valueOf(dtype), new BackendOptions(threads));
        w = backend.allocate(1, parameters);
        g = backend.allocate(1, parameters);
        m = backend.allocate(1, parameters);
        v = backend.allocate(1, parameters);
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

    @TearDown
    public void tearDown() {
        w.close();
        g.close();
        m.close();
        v.close();
        backend.close();
    }
}
