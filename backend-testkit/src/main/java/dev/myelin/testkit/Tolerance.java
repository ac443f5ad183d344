package dev.myelin.testkit;

/**
 * How close a backend must come to the float64 reference: {@code |got − want| ≤ relative·max(|want|, scale) +
 * absolute}, where {@code scale} is the magnitude of the terms that were combined. GEMM adds {@code gemmAbsolutePerK ·
 * k · |α| · max|A| · max|B|} (rounding grows with the depth k).
 *
 * @param relative          relative error allowed
 * @param absolute          absolute floor
 * @param gemmAbsolutePerK  GEMM's absolute floor per unit of depth k
 */
public record Tolerance(double relative, double absolute, double gemmAbsolutePerK) {
    /** float64: a few ulps of relative error. */
    public static final Tolerance FLOAT64 = new Tolerance(1e-12, 1e-14, 1e-15);
    /** float32: ~100 ulps relative; GEMM ~16 ulps per unit of k. */
    public static final Tolerance FLOAT32 = new Tolerance(1e-5, 1e-6, 1e-6);
}
