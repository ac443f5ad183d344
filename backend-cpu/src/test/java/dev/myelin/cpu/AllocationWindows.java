package dev.myelin.cpu;

import dev.myelin.backend.DType;
import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Measures the heap bytes a repeated piece of work allocates on the calling thread once warmed up. */
final class AllocationWindows {
    private AllocationWindows() {
    }

    /** Every dtype with OpenBLAS (where it loads, {@link CpuGemm#AUTO}) and with the pure-Java GEMM: the cases of an allocation test. */
    static Stream<Arguments> dtypesAndGemms() {
        return DType.computeTypes().stream().flatMap(dtype -> Stream.of(CpuGemm.AUTO, CpuGemm.JAVA).map(gemm -> Arguments.of(dtype, gemm)));
    }

    /**
     * Runs {@code step} {@code warmUp} times, then up to four windows of {@code perWindow} runs, and returns the bytes the
     * calling thread allocated in the last window (the first that allocated nothing, else the fourth). An allocation in
     * every step shows in every window. A window can also catch a one-off allocation of the JIT's making (a deoptimised
     * method running in the interpreter, where escape analysis removed nothing: seen 1 run in 5 in this module, 120 or
     * 1,016 bytes once); four windows tell the two apart.
     */
    static long steadyStateBytes(Runnable step, int warmUp, int perWindow) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmUp; i++) {
            step.run();
        }
        long allocated = -1;
        for (int window = 0; window < 4 && allocated != 0; window++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < perWindow; i++) {
                step.run();
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        return allocated;
    }
}
