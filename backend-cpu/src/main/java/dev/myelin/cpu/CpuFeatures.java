package dev.myelin.cpu;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** What the JVM and the processor offer that changes which kernels are fast. */
final class CpuFeatures {
    /** System property forcing the GEMM kernel: {@code true} (fused multiply-add) or {@code false}. */
    static final String FMA_PROPERTY = "myelin.cpu.fma";

    private CpuFeatures() {
    }

    /**
     * Whether {@link Math#fma} compiles to a hardware instruction here (HotSpot's {@code UseFMA});
     * without it, {@code Math.fma} is a software routine a hundred times slower, so the GEMM kernel
     * then multiplies and adds separately. {@code -Dmyelin.cpu.fma=true|false} overrides.
     */
    static boolean fastFma() {
        String forced = System.getProperty(FMA_PROPERTY);
        if (forced != null) {
            return Boolean.parseBoolean(forced);
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot != null && Boolean.parseBoolean(hotspot.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
