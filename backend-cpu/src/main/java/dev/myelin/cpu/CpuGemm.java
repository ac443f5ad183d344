package dev.myelin.cpu;

import java.util.Locale;

/**
 * Which GEMM a {@link CpuBackend} runs: OpenBLAS through JavaCPP (native) or the pure-Java kernel.
 * Chosen with {@code -Dmyelin.cpu.gemm=auto|native|java} (the command line's {@code --cpu-gemm}); the default is
 * {@link #AUTO}: OpenBLAS when its natives load. OpenBLAS runs the training products only: the bits of a row of
 * {@code C} it computes depend on how many rows the call has and where the row sits in it (its kernels handle row
 * blocks and remainders in other summation orders: measured with k = 64, n = 13, a row computed in a call of 4 rows
 * differs from the same row in a call of 70 rows in half the elements, float32 and float64; calls on fixed 64-row
 * blocks still gave float32 rows other bits by position), so inference ({@link CpuBackend#gemmBatchInvariant})
 * runs the pure-Java kernel, whose summation order depends only on k: a prediction does not depend on the batch it
 * is in. Training with the same seed and thread count gives the same bits with either GEMM.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum CpuGemm {
    /** OpenBLAS when its natives load on this platform, else pure Java: the default. */
    AUTO,
    /** OpenBLAS; opening the backend fails, saying why, when its natives cannot load. */
    NATIVE,
    /** The pure-Java kernel: the reference, and what runs where the natives cannot. */
    JAVA;

    /** The system property that chooses; unset means {@link #AUTO}. */
    public static final String PROPERTY = "myelin.cpu.gemm";

    /** The choice {@link #PROPERTY} names (unset: {@link #AUTO}). */
    public static CpuGemm fromProperty() {
        return parse(System.getProperty(PROPERTY, "auto"));
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
