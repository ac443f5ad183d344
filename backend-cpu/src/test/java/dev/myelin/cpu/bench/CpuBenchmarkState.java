package dev.myelin.cpu.bench;

import dev.myelin.backend.BackendOptions;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuBackend;
import dev.myelin.cpu.CpuGemm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the CPU benchmarks share: JMH's settings (average time per operation in ms, three warm-up and five measured
 * iterations of one second, one fork), the element type and worker-thread parameters, and the backend a benchmark
 * opens in its set-up, closed after the trial with every tensor allocated through {@link #allocate}. Not thread-safe
 * (one state per benchmark, {@link Scope#Benchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class CpuBenchmarkState {

    /** Element type. */
    @Param({"FLOAT32", "FLOAT64"})
    public String dtype;

    /** Worker threads (the GEMM's too); 0 = one per core. */
    @Param({"0"})
    public int threads;

    /** The backend under measurement, once {@link #open} has run. */
    protected CpuBackend backend;

    private final List<Tensor> tensors = new ArrayList<>();

    /** Opens {@link #backend} for this trial's dtype and thread count with {@code gemm}. */
    protected void open(CpuGemm gemm) {
        backend = new CpuBackend(DType.valueOf(dtype), new BackendOptions(threads), gemm);
    }

    /** A zero-filled {@code [rows, cols]} tensor of {@link #backend}, closed after the trial. */
    protected Tensor allocate(int rows, int cols) {
        Tensor t = backend.allocate(rows, cols);
        tensors.add(t);
        return t;
    }

    /** Closes every tensor {@link #allocate} made, then the backend. */
    @TearDown
    public void tearDown() {
        tensors.forEach(Tensor::close);
        tensors.clear();
        backend.close();
    }
}
