package dev.myelin.cpu;

import java.util.Locale;

/**
 * Which GEMM a {@link CpuBackend} runs: OpenBLAS through JavaCPP (native) or the pure-Java kernel.
 * Chosen with {@code -Dmyelin.cpu.gemm=auto|native|java} (the command line's {@code --cpu-gemm}); the default is the
 * pure-Java kernel. OpenBLAS is opt-in because the bits of a row of {@code C} depend on how many rows the call has
 * (its kernels handle row remainders in another summation order: measured with k = 64, n = 13, a row computed in a
 * call of 4 rows differs from the same row in a call of 70 rows in half the elements, float32 and float64), so with
 * it a prediction depends on the batch it was computed in, and the same data in other batch sizes trains to other
 * bits. The pure-Java kernel's summation order depends only on k.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum CpuGemm {
    /** OpenBLAS when its natives load on this platform, else pure Java. */
    AUTO,
    /** OpenBLAS; opening the backend fails, saying why, when its natives cannot load. */
    NATIVE,
    /** The pure-Java kernel: the reference, the default, and what runs where the natives cannot. */
    JAVA;

    /** The system property that chooses; unset means {@link #JAVA}. */
    public static final String PROPERTY = "myelin.cpu.gemm";

    /** The choice {@link #PROPERTY} names (unset: {@link #JAVA}). */
    public static CpuGemm fromProperty() {
        return parse(System.getProperty(PROPERTY, "java"));
    }

    /** Parses {@code auto}, {@code native} or {@code java} (any case). */
    public static CpuGemm parse(String text) {
        for (CpuGemm choice : values()) {
            if (choice.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                return choice;
            }
        }
        throw new IllegalArgumentException("the CPU GEMM must be auto, native or java, got '" + text + "'");
    }
}
