package dev.myelin.cpu;

import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.SgdSpec;
import dev.myelin.backend.Tensor;

/**
 * One fused optimiser step ({@link SgdKernels64}, {@link AdaptiveKernels64} and their float32 twins) over the flat
 * parameter, gradient and state buffers on the worker pool. Each thread takes an equal share of the elements and
 * walks it in chunks of {@link #CHUNK}: it copies the chunk of every operand from its off-heap storage into its own
 * arrays, runs the array kernel on them (the loop shape HotSpot vectorises) and copies the written operands back.
 * The update of an element does not depend on any other, so the result is the same for every thread count.
 * {@link FlatUpdate64} and {@link FlatUpdate32} hold the per-precision chunk arrays and kernels.
 *
 * <p>The caller hands the step's record ({@link SgdSpec}, {@link AdaGradSpec}, {@link AdaDeltaSpec}, {@link RmsPropSpec}
 * or {@link AdamSpec}, which also says which kernel runs), the learning rate, the gradient scale and the operands to
 * {@link #run}; the Adam family's per-step coefficients are set before with {@link #adamCoefficients}. Nothing is
 * allocated per step once each thread's chunk arrays exist. Not thread-safe (one backend, one caller).
 */
abstract class FlatUpdate implements WorkerPool.Task {
    /** Elements per staged chunk: five float64 chunks stay within L2. */
    static final int CHUNK = 4096;
    /** Below this many elements the caller's thread does everything. */
    static final int PARALLEL_MIN = 1 << 15;

    private final WorkerPool pool;

    /** The step's fixed hyper-parameters, one of the optimiser records: it chooses the kernel. */
    Record spec;
    /** Learning rate η and gradient scale s of this step. */
    double lr, s;
    /** The Adam family's per-step coefficients: gradient, moment, √ of the second bias correction. */
    double cg, cm, c2;
    /** Operands: parameters, gradients (read only), then up to three state buffers (null when unused). */
    Tensor w, g, a, b, c;
    private int n;
    private int parts;

    FlatUpdate(WorkerPool pool) {
        this.pool = pool;
    }

    /** Sets the Adam family's per-step coefficients for the next {@link #run} with an {@link AdamSpec}. */
    final void adamCoefficients(double gradCoefficient, double momentCoefficient, double sqrtBiasCorrection2) {
        this.cg = gradCoefficient;
        this.cm = momentCoefficient;
        this.c2 = sqrtBiasCorrection2;
    }

    /**
     * Runs the step of {@code spec} with learning rate {@code lr} and gradient scale {@code s} over all
     * {@code w.size()} elements (state buffers a, b, c may be null), then forgets the operands.
     */
    final void run(Record spec, double lr, double s, Tensor w, Tensor g, Tensor a, Tensor b, Tensor c) {
        this.spec = spec;
        this.lr = lr;
        this.s = s;
        this.w = w;
        this.g = g;
        this.a = a;
        this.b = b;
        this.c = c;
        n = w.size();
        parts = n < PARALLEL_MIN ? 1 : pool.threads();
        try {
            pool.run(this, parts);
        } finally {
            this.w = this.g = this.a = this.b = this.c = null;
            this.spec = null;
        }
    }

    @Override
    public final void run(int part) {
        update(part, (int) ((long) part * n / parts), (int) ((long) (part + 1) * n / parts));
    }

    /** Updates elements {@code [from, to)} with the chunk arrays of part {@code part}. */
    abstract void update(int part, int from, int to);
}
