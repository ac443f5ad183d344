package dev.myelin.cpu;

import java.util.Locale;

/**
 * Which GEMM a {@link CpuBackend} runs: OpenBLAS through JavaCPP (native) or the pure-Java kernel.
 * Chosen with {@code -Dmyelin.cpu.gemm=auto|native|java} (the command line's {@code --cpu-gemm}).
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum CpuGemm {
    /** OpenBLAS when its natives load on this platform, else pure Java (the default). */
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
