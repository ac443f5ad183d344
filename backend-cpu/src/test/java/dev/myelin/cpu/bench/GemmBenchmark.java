package dev.myelin.cpu.bench;

import dev.myelin.backend.Tensor;
import dev.myelin.cpu.CpuGemm;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * CPU GEMM throughput: {@code C[m, n] = A[m, k]·B[k, n]} (2·m·k·n floating-point operations).
 * Shapes: the classic 1024³ and the forward GEMM of a 784→512 layer on a batch of 128; the
 * transposed forms are the backward GEMMs of that layer. Run with {@code bench/cpu-gemm.sh}, which
 * turns the time per operation into GFLOP/s. Compiled with the tests, never run by {@code mvn verify}.
 */
public class GemmBenchmark extends CpuBenchmarkState {

    /** {@code m x k x n}, with an optional {@code :AT} / {@code :BT} / {@code :ATBT} transpose suffix. */
    @Param({"1024x1024x1024", "128x784x512", "784x128x512:AT", "128x512x784:BT"})
    public String shape;

    /** {@code native} (OpenBLAS through JavaCPP) or {@code java}. */
    @Param({"native", "java"})
    public String gemm;

    private Tensor a;
    private Tensor b;
    private Tensor c;
    private boolean transA;
    private boolean transB;

    @Setup
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        int m = Integer.parseInt(dims[0]);
        int k = Integer.parseInt(dims[1]);
        int n = Integer.parseInt(dims[2]);
        String flags = parts.length > 1 ? parts[1] : "";
        transA = flags.contains("AT");
        transB = flags.contains("BT");
        open(CpuGemm.parse(gemm));
        a = transA ? allocate(k, m) : allocate(m, k);
        b = transB ? allocate(n, k) : allocate(k, n);
        c = allocate(m, n);
        Random random = new Random(1);
        backend.upload(gaussian(random, a.size()), 0, a);
        backend.upload(gaussian(random, b.size()), 0, b);
    }

    private static double[] gaussian(Random random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    @Benchmark
    public Tensor gemm() {
        backend.gemm(transA, transB, 1.0, a, b, 0.0, c);
        return c;
    }
}
