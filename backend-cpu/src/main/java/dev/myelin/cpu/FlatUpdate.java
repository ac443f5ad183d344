package dev.myelin.cpu;

import dev.myelin.backend.MomentumForm;
import dev.myelin.backend.Tensor;

/**
 * One fused optimiser step ({@link SgdKernels64}, {@link AdaptiveKernels64} and their float32 twins) over the flat
 * parameter, gradient and state buffers on the worker pool. Each thread takes an equal share of the elements and
 * walks it in chunks of {@link #CHUNK}: it copies the chunk of every operand from its off-heap storage into its own
 * arrays, runs the array kernel on them (the loop shape HotSpot vectorises) and copies the written operands back.
 * The update of an element does not depend on any other, so the result is the same for every thread count.
 * {@link FlatUpdate64} and {@link FlatUpdate32} hold the per-precision chunk arrays and kernels.
 *
 * <p>The caller sets the step's kind and scalars in the fields, then calls {@link #run}; nothing is
 * allocated per step once each thread's chunk arrays exist. Not thread-safe (one backend, one caller).
 */
abstract class FlatUpdate implements WorkerPool.Task {
    /** Elements per staged chunk: five float64 chunks stay within L2. */
    static final int CHUNK = 4096;
    /** Below this many elements the caller's thread does everything. */
    static final int PARALLEL_MIN = 1 << 15;

    enum Kind { SGD, ADAGRAD, ADADELTA, RMSPROP, ADAM }

    private final WorkerPool pool;

    Kind kind;
    MomentumForm form;
    boolean decoupled;
    /** The step's scalars, in the order of the kernel's parameters (learning rate first, gradient scale last). */
    double p0, p1, p2, p3, p4, p5, p6, p7, s;
    /** Operands: parameters, gradients (read only), then up to three state buffers (null when unused). */
    Tensor w, g, a, b, c;
    private int n;
    private int parts;

    FlatUpdate(WorkerPool pool) {
        this.pool = pool;
    }

    /** Sets the step's kind, gradient scale and operands (state buffers a, b, c may be null); returns this for its scalars. */
    final FlatUpdate of(Kind kind, double s, Tensor w, Tensor g, Tensor a, Tensor b, Tensor c) {
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
    final void run() {
        n = w.size();
        parts = n < PARALLEL_MIN ? 1 : pool.threads();
        try {
            pool.run(this, parts);
        } finally {
            w = g = a = b = c = null;
        }
    }

    @Override
    public final void run(int part) {
        update(part, (int) ((long) part * n / parts), (int) ((long) (part + 1) * n / parts));
    }

    /** Updates elements {@code [from, to)} with the chunk arrays of part {@code part}. */
    abstract void update(int part, int from, int to);
}
