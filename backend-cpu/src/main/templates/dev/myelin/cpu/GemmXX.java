package dev.myelin.cpu;

import java.nio.RealBuffer;
import java.util.Arrays;

/**
 * Cache-blocked, multi-threaded floatXX GEMM on row-major off-heap buffers: {@code C = α·op(A)·op(B) + β·C}.
 *
 * <p>op(B) is packed, one column panel of width {@link #NC} at a time, into row arrays
 * {@code panel[kk][0..nc)}; each row of C is accumulated from zero in a tile row array. The inner
 * loop walks one tile row and four panel rows with the same index {@code j} (k unrolled by 4),
 * which C2 vectorises: with hardware FMA {@code t[j] = fma(a3, b3[j], fma(a2, b2[j], fma(a1, b1[j],
 * fma(a0, b0[j], t[j]))))}, otherwise {@code t[j] += a0·b0[j] + a1·b1[j] + a2·b2[j] + a3·b3[j]}.
 * The sum for each element of C runs over k in a fixed order (groups of four from k = 0, then the
 * remainder), whatever the thread count or the partition, so results are bit-identical for any
 * number of threads. Packing buffers belong to each part and grow only when a larger problem comes.
 *
 * <p>Not thread-safe: one call at a time (the owning backend is used by one thread at a time).
 */
final class GemmXX implements WorkerPool.Task {
    /** Maximum columns of C per packed panel; N is split into panels of equal width (a multiple of 16). */
    static final int NC = 256;
    /** Depth of one k block (a multiple of 4): a KC×NC block of the panel (32 KiB) stays in L1. */
    static final int KC = Real.BYTES == 4 ? 32 : 16;
    /** Rows of op(B) packed together when B is transposed (keeps the panel rows written in cache). */
    static final int TRANSPOSE_BLOCK = 8;
    /** C narrower than this (and taller than wide) is computed transposed. */
    static final int NARROW = 32;
    /** Rows of C per tile. */
    static final int MC = 64;
    /** Below this many multiply-adds the caller's thread does everything. */
    static final long PARALLEL_MIN_FMAS = 1L << 20;

    private final WorkerPool pool;
    private final boolean fma;
    private final real[][][] panels;
    private final real[][][] tiles;

    private boolean transA;
    private boolean transB;
    private double alpha;
    private double beta;
    private RealBuffer a;
    private RealBuffer b;
    private RealBuffer c;
    private int aOff;
    private int bOff;
    private int cOff;
    private int lda;
    private int ldb;
    private int m;
    private int n;
    private int k;
    private int parts;
    private boolean splitRows;
    private int panelCount;
    private int panelWidth;
    /** The job computes Cᵀ (m and n, A and B swapped); write-back transposes. */
    private boolean transposedC;

    /** {@code fma}: use the fused multiply-add kernel (only where {@link Math#fma} is a hardware instruction). */
    GemmXX(WorkerPool pool, boolean fma) {
        this.pool = pool;
        this.fma = fma;
        this.panels = new real[pool.threads()][][];
        this.tiles = new real[pool.threads()][][];
    }

    /**
     * {@code C[m, n] = α·op(A)·op(B) + β·C}; {@code lda}/{@code ldb} are the row lengths of the
     * stored A and B, C is contiguous with row length {@code n}. β = 0 overwrites C.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              RealBuffer a, int aOff, int lda, RealBuffer b, int bOff, int ldb,
              double beta, RealBuffer c, int cOff) {
        if (m == 0 || n == 0) {
            return;
        }
        // A narrow C (few columns, e.g. a 10-class output layer) is computed as Cᵀ = op(B)ᵀ·op(A)ᵀ so
        // that the vectorised inner loop runs along the long side; each element's sum over k is the
        // same either way.
        this.transposedC = n < NARROW && m > n;
        if (transposedC) {
            this.transA = !transB;
            this.transB = !transA;
            this.m = n;
            this.n = m;
            this.a = b;
            this.aOff = bOff;
            this.lda = ldb;
            this.b = a;
            this.bOff = aOff;
            this.ldb = lda;
        } else {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
        }
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.c = c;
        this.cOff = cOff;
        m = this.m;
        n = this.n;
        this.panelCount = (n + NC - 1) / NC;
        this.panelWidth = Math.min(NC, roundUp((n + panelCount - 1) / panelCount, 16));
        int threads = pool.threads();
        long fmas = (long) m * n * Math.max(k, 1);
        if (threads == 1 || fmas < PARALLEL_MIN_FMAS) {
            parts = 1;
            splitRows = true;
        } else if (panelCount % threads == 0) {
            // each thread packs only its own panels of B
            parts = threads;
            splitRows = false;
        } else if (m >= 16 * threads) {
            parts = threads;
            splitRows = true;
        } else if (panelCount >= 2) {
            parts = Math.min(threads, panelCount);
            splitRows = false;
        } else {
            parts = Math.min(threads, Math.max(1, m));
            splitRows = true;
        }
        try {
            pool.run(this, parts);
        } finally {
            this.a = null;
            this.b = null;
            this.c = null;
        }
    }

    @Override
    public void run(int part) {
        int r0 = 0;
        int r1 = m;
        int p0 = 0;
        int p1 = panelCount;
        if (splitRows) {
            r0 = (int) ((long) part * m / parts);
            r1 = (int) ((long) (part + 1) * m / parts);
        } else {
            p0 = (int) ((long) part * panelCount / parts);
            p1 = (int) ((long) (part + 1) * panelCount / parts);
        }
        if (r0 >= r1 || p0 >= p1) {
            return;
        }
        real[][] panel = panel(part);
        real[][] tile = tile(part);
        for (int jp = p0; jp < p1; jp++) {
            int jc = jp * panelWidth;
            if (jc >= n) {
                break;
            }
            int nc = Math.min(panelWidth, n - jc);
            packB(panel, jc, nc);
            for (int ic = r0; ic < r1; ic += MC) {
                int mc = Math.min(MC, r1 - ic);
                for (int i = 0; i < mc; i++) {
                    Arrays.fill(tile[i], 0, nc, 0);
                }
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    for (int i = 0; i < mc; i++) {
                        accumulateRow(tile[i], ic + i, pc, kc, panel, nc);
                    }
                }
                writeBack(tile, ic, mc, jc, nc);
            }
        }
    }

    private real[][] panel(int part) {
        real[][] p = panels[part];
        if (p == null || p.length < k) {
            p = new real[Math.max(k, 1)][NC];
            panels[part] = p;
        }
        return p;
    }

    private real[][] tile(int part) {
        real[][] t = tiles[part];
        if (t == null) {
            t = new real[MC][NC];
            tiles[part] = t;
        }
        return t;
    }

    private void packB(real[][] panel, int jc, int nc) {
        if (!transB) {
            for (int kk = 0; kk < k; kk++) {
                b.get(bOff + kk * ldb + jc, panel[kk], 0, nc);
            }
        } else {
            for (int k0 = 0; k0 < k; k0 += TRANSPOSE_BLOCK) {
                int k1 = Math.min(k, k0 + TRANSPOSE_BLOCK);
                for (int jj = 0; jj < nc; jj++) {
                    int src = bOff + (jc + jj) * ldb;
                    for (int kk = k0; kk < k1; kk++) {
                        panel[kk][jj] = b.get(src + kk);
                    }
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    private void accumulateRow(real[] t, int row, int pc, int kc, real[][] panel, int nc) {
        RealBuffer a = this.a;
        int rowStep = transA ? 1 : lda;
        int kStep = transA ? lda : 1;
        int aBase = aOff + row * rowStep;
        int end4 = pc + (kc & ~3);
        int end = pc + kc;
        int kk = pc;
        for (; kk < end4; kk += 4) {
            int ai = aBase + kk * kStep;
            real a0 = a.get(ai);
            real a1 = a.get(ai + kStep);
            real a2 = a.get(ai + 2 * kStep);
            real a3 = a.get(ai + 3 * kStep);
            real[] b0 = panel[kk];
            real[] b1 = panel[kk + 1];
            real[] b2 = panel[kk + 2];
            real[] b3 = panel[kk + 3];
            if (fma) {
                for (int j = 0; j < nc; j++) {
                    t[j] = Math.fma(a3, b3[j], Math.fma(a2, b2[j], Math.fma(a1, b1[j], Math.fma(a0, b0[j], t[j]))));
                }
            } else {
                for (int j = 0; j < nc; j++) {
                    t[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                }
            }
        }
        for (; kk < end; kk++) {
            real a0 = a.get(aBase + kk * kStep);
            real[] b0 = panel[kk];
            if (fma) {
                for (int j = 0; j < nc; j++) {
                    t[j] = Math.fma(a0, b0[j], t[j]);
                }
            } else {
                for (int j = 0; j < nc; j++) {
                    t[j] += a0 * b0[j];
                }
            }
        }
    }

    private void writeBack(real[][] tile, int ic, int mc, int jc, int nc) {
        RealBuffer c = this.c;
        if (transposedC) {
            for (int i = 0; i < mc; i++) {
                real[] t = tile[i];
                for (int j = 0; j < nc; j++) {
                    int e = cOff + (jc + j) * m + ic + i;
                    c.put(e, (real) (beta == 0 ? alpha * t[j] : alpha * t[j] + beta * c.get(e)));
                }
            }
            return;
        }
        for (int i = 0; i < mc; i++) {
            real[] t = tile[i];
            int base = cOff + (ic + i) * n + jc;
            if (beta == 0) {
                for (int j = 0; j < nc; j++) {
                    t[j] = (real) (alpha * t[j]);
                }
            } else {
                for (int j = 0; j < nc; j++) {
                    t[j] = (real) (alpha * t[j] + beta * c.get(base + j));
                }
            }
            c.put(base, t, 0, nc);
        }
    }
}
