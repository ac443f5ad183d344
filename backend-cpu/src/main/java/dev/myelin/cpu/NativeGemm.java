package dev.myelin.cpu;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * GEMM by OpenBLAS ({@code cblas_sgemm} / {@code cblas_dgemm}) through JavaCPP's {@code org.bytedeco:openblas},
 * on the tensors' off-heap buffers where they are (nothing is copied or allocated per call).
 *
 * <p>The backend's worker pool splits C into equal blocks of rows (or of columns, when C is wider than tall)
 * and each thread runs single-threaded OpenBLAS on its block. OpenBLAS's own threads busy-wait between calls,
 * which costs little on an idle machine but collapses when the cores are shared; the pool's threads sleep
 * instead. The split depends only on the shape and the thread count, so the same thread count gives the
 * same bits every run. Not thread-safe: one call at a time (the owning backend is used by one thread at a time).
 */
final class NativeGemm implements WorkerPool.Task {
    /** Below this many multiply-adds the caller's thread does everything. */
    static final long PARALLEL_MIN_FMAS = 1L << 20;
    /** Why the natives did not load, or null when they did. */
    private static final String UNAVAILABLE = load();

    private final WorkerPool pool;
    private final BlasCursor.F32[][] floats;
    private final BlasCursor.F64[][] doubles;

    private boolean f64;
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private double alpha;
    private double beta;
    private Object a;
    private Object b;
    private Object c;
    private int aOff;
    private int bOff;
    private int cOff;
    private int lda;
    private int ldb;
    private int parts;
    private boolean splitRows;

    private NativeGemm(WorkerPool pool) {
        this.pool = pool;
        this.floats = new BlasCursor.F32[pool.threads()][];
        this.doubles = new BlasCursor.F64[pool.threads()][];
    }

    private static String load() {
        try {
            Loader.load(openblas_nolapack.class);
            // the worker pool supplies the parallelism: OpenBLAS itself runs on the calling thread
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError...
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Null when OpenBLAS loaded, else why it did not (missing jars or natives for this platform). */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** A GEMM on the threads of {@code pool}; only when {@link #unavailableReason()} is null. */
    static NativeGemm open(WorkerPool pool) {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("OpenBLAS could not be loaded: " + UNAVAILABLE);
        }
        return new NativeGemm(pool);
    }

    /** What runs, for the backend's description. */
    String describe() {
        return "OpenBLAS (JavaCPP org.bytedeco:openblas) on " + pool.threads() + " thread" + (pool.threads() == 1 ? "" : "s");
    }

    /**
     * {@code C[m, n] = α·op(A)·op(B) + β·C} on float32 ({@link F32Storage}) or float64 ({@link F64Storage})
     * storage; {@code lda}/{@code ldb} are the stored row lengths of A and B, C is contiguous. β = 0 overwrites C.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Object a, int aOff, int lda,
              Object b, int bOff, int ldb, double beta, Object c, int cOff) {
        if (m == 0 || n == 0) {
            return;
        }
        this.f64 = a instanceof F64Storage;
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.a = a;
        this.b = b;
        this.c = c;
        this.aOff = aOff;
        this.bOff = bOff;
        this.cOff = cOff;
        this.lda = lda;
        this.ldb = ldb;
        this.splitRows = m >= n;
        long fmas = (long) m * n * Math.max(k, 1);
        this.parts = fmas < PARALLEL_MIN_FMAS ? 1 : Math.min(pool.threads(), splitRows ? m : n);
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
        int rows = m;
        int cols = n;
        int ao = aOff;
        int bo = bOff;
        int co = cOff;
        if (splitRows) {
            int r0 = (int) ((long) part * m / parts);
            rows = (int) ((long) (part + 1) * m / parts) - r0;
            ao += transA ? r0 : r0 * lda;
            co += r0 * n;
        } else {
            int c0 = (int) ((long) part * n / parts);
            cols = (int) ((long) (part + 1) * n / parts) - c0;
            bo += transB ? c0 * ldb : c0;
            co += c0;
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        int order = openblas_nolapack.CblasRowMajor;
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (f64) {
            BlasCursor.F64[] p = doubles[part];
            if (p == null) {
                p = new BlasCursor.F64[] {new BlasCursor.F64(), new BlasCursor.F64(), new BlasCursor.F64()};
                doubles[part] = p;
            }
            openblas_nolapack.cblas_dgemm(order, ta, tb, rows, cols, k, alpha, p[0].at(((F64Storage) a).data, ao), Math.max(1, lda),
                    p[1].at(((F64Storage) b).data, bo), Math.max(1, ldb), beta, p[2].at(((F64Storage) c).data, co), n);
        } else {
            BlasCursor.F32[] p = floats[part];
            if (p == null) {
                p = new BlasCursor.F32[] {new BlasCursor.F32(), new BlasCursor.F32(), new BlasCursor.F32()};
                floats[part] = p;
            }
            openblas_nolapack.cblas_sgemm(order, ta, tb, rows, cols, k, (float) alpha, p[0].at(((F32Storage) a).data, ao), Math.max(1, lda),
                    p[1].at(((F32Storage) b).data, bo), Math.max(1, ldb), (float) beta, p[2].at(((F32Storage) c).data, co), n);
        }
    }
}
