package dev.myelin.cpu;

import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;


/**
 * Runs one fused optimiser step ({@link SgdKernels}, {@link AdaptiveKernels}) over the flat parameter,
 * gradient and state buffers on the worker pool. Each thread takes an equal share of the elements and
 * walks it in chunks of {@link #CHUNK}: it copies the chunk of every operand from its off-heap storage
 * into its own arrays, runs the array kernel on them (the loop shape HotSpot vectorises) and copies the
 * written operands back. The update of an element does not depend on any other, so the result is the
 * same for every thread count.
 *
 * <p>The caller sets the step's kind and scalars in the fields, then calls {@link #run}; nothing is
 * allocated per step once each thread's chunk arrays exist. Not thread-safe (one backend, one caller).
 */
final class FlatUpdate implements WorkerPool.Task {
    /** Elements per staged chunk: five float64 chunks stay within L2. */
    static final int CHUNK = 4096;
    /** Below this many elements the caller's thread does everything. */
    static final int PARALLEL_MIN = 1 << 15;

    enum Kind { SGD, ADAGRAD, ADADELTA, RMSPROP, ADAM }

    private final WorkerPool pool;
    private final boolean f64;
    private final float[][][] floats;
    private final double[][][] doubles;

    Kind kind;
    MomentumForm form;
    boolean decoupled;
    /** The step's scalars, in the order of the kernel's parameters (learning rate first, gradient scale last). */
    double p0, p1, p2, p3, p4, p5, p6, p7, p8, s;
    /** Operands: parameters, gradients (read only), then up to three state buffers (null when unused). */
    Tensor w, g, a, b, c;
    private int n;
    private int parts;

    FlatUpdate(WorkerPool pool, boolean f64) {
        this.pool = pool;
        this.f64 = f64;
        this.floats = new float[pool.threads()][][];
        this.doubles = new double[pool.threads()][][];
    }

    /** Sets the step's kind, gradient scale and operands (state buffers a, b, c may be null); returns this for its scalars. */
    FlatUpdate of(Kind kind, double s, Tensor w, Tensor g, Tensor a, Tensor b, Tensor c) {
        this.kind = kind;
        this.s = s;
        this.w = w;
        this.g = g;
        this.a = a;
        this.b = b;
        this.c = c;
        return this;
    }

    /** Runs the step set in the fields over all {@code w.size()} elements, then forgets the operands. */
    void run() {
        n = w.size();
        parts = n < PARALLEL_MIN ? 1 : pool.threads();
        try {
            pool.run(this, parts);
        } finally {
            w = g = a = b = c = null;
        }
    }

    @Override
    public void run(int part) {
        int from = (int) ((long) part * n / parts);
        int to = (int) ((long) (part + 1) * n / parts);
        if (f64) {
            double[][] x = doubles[part];
            if (x == null) {
                x = new double[5][CHUNK];
                doubles[part] = x;
            }
            for (int start = from; start < to; start += CHUNK) {
                int len = Math.min(CHUNK, to - start);
                stage(w, start, len, x[0]);
                stage(g, start, len, x[1]);
                stage(a, start, len, x[2]);
                stage(b, start, len, x[3]);
                stage(c, start, len, x[4]);
                kernel64(x, len);
                unstage(w, start, len, x[0]);
                unstage(a, start, len, x[2]);
                unstage(b, start, len, x[3]);
                unstage(c, start, len, x[4]);
            }
        } else {
            float[][] x = floats[part];
            if (x == null) {
                x = new float[5][CHUNK];
                floats[part] = x;
            }
            for (int start = from; start < to; start += CHUNK) {
                int len = Math.min(CHUNK, to - start);
                stage(w, start, len, x[0]);
                stage(g, start, len, x[1]);
                stage(a, start, len, x[2]);
                stage(b, start, len, x[3]);
                stage(c, start, len, x[4]);
                kernel32(x, len);
                unstage(w, start, len, x[0]);
                unstage(a, start, len, x[2]);
                unstage(b, start, len, x[3]);
                unstage(c, start, len, x[4]);
            }
        }
    }

    private static void stage(Tensor t, int start, int len, double[] dst) {
        if (t != null) {
            ((F64Storage) t.storage()).data.get((int) t.offset() + start, dst, 0, len);
        }
    }

    private static void unstage(Tensor t, int start, int len, double[] src) {
        if (t != null) {
            ((F64Storage) t.storage()).data.put((int) t.offset() + start, src, 0, len);
        }
    }

    private static void stage(Tensor t, int start, int len, float[] dst) {
        if (t != null) {
            ((F32Storage) t.storage()).data.get((int) t.offset() + start, dst, 0, len);
        }
    }

    private static void unstage(Tensor t, int start, int len, float[] src) {
        if (t != null) {
            ((F32Storage) t.storage()).data.put((int) t.offset() + start, src, 0, len);
        }
    }

    private double[] in64(double[][] x, int i, Tensor t) {
        return t == null ? null : x[i];
    }

    private float[] in32(float[][] x, int i, Tensor t) {
        return t == null ? null : x[i];
    }

    private void kernel64(double[][] x, int len) {
        switch (kind) {
            case SGD -> SgdKernels.step64(form, p0, p1, p2, s, x[0], 0, x[1], 0, in64(x, 2, a), 0, len);
            case ADAGRAD -> AdaptiveKernels.adagrad64(p0, p1, p2, s, x[0], 0, x[1], 0, x[2], 0, len);
            case ADADELTA -> AdaptiveKernels.adadelta64(p0, p1, p2, p3, s, x[0], 0, x[1], 0, x[2], 0, x[3], 0, len);
            case RMSPROP -> AdaptiveKernels.rmsprop64(p0, p1, p2, p3, p4, s, x[0], 0, x[1], 0, x[2], 0, in64(x, 3, b), 0,
                    in64(x, 4, c), 0, len);
            case ADAM -> AdaptiveKernels.adam64(decoupled, p0, p1, p2, p3, p4, p5, p6, p7, s, x[0], 0, x[1], 0, x[2], 0, x[3], 0, len);
            default -> throw new IllegalStateException("unknown update " + kind);
        }
    }

    private void kernel32(float[][] x, int len) {
        switch (kind) {
            case SGD -> SgdKernels.step32(form, (float) p0, (float) p1, (float) p2, (float) s, x[0], 0, x[1], 0, in32(x, 2, a), 0, len);
            case ADAGRAD -> AdaptiveKernels.adagrad32((float) p0, (float) p1, (float) p2, (float) s, x[0], 0, x[1], 0, x[2], 0, len);
            case ADADELTA -> AdaptiveKernels.adadelta32((float) p0, (float) p1, (float) p2, (float) p3, (float) s, x[0], 0, x[1], 0,
                    x[2], 0, x[3], 0, len);
            case RMSPROP -> AdaptiveKernels.rmsprop32((float) p0, (float) p1, (float) p2, (float) p3, (float) p4, (float) s, x[0], 0,
                    x[1], 0, x[2], 0, in32(x, 3, b), 0, in32(x, 4, c), 0, len);
            case ADAM -> AdaptiveKernels.adam32(decoupled, (float) p0, (float) p1, (float) p2, (float) p3, (float) p4, (float) p5,
                    (float) p6, (float) p7, (float) s, x[0], 0, x[1], 0, x[2], 0, x[3], 0, len);
            default -> throw new IllegalStateException("unknown update " + kind);
        }
    }
}
