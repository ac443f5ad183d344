package dev.myelin.cpu;

import dev.myelin.backend.AdaDeltaSpec;
import dev.myelin.backend.AdaGradSpec;
import dev.myelin.backend.AdamSpec;
import dev.myelin.backend.RmsPropSpec;
import dev.myelin.backend.SgdSpec;
import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.Tensors;

/** {@link FlatUpdate} on floatXX tensors: chunks staged in {@code real[]} arrays, kernels in floatXX arithmetic. */
final class FlatUpdateXX extends FlatUpdate {
    private final real[][][] chunks;

    FlatUpdateXX(WorkerPool pool) {
        super(pool);
        this.chunks = new real[pool.threads()][][];
    }

    @Override
    void update(int part, int from, int to) {
        real[][] x = chunks[part];
        if (x == null) {
            x = new real[5][CHUNK];
            chunks[part] = x;
        }
        for (int start = from; start < to; start += CHUNK) {
            int len = Math.min(CHUNK, to - start);
            stage(w, start, len, x[0]);
            stage(g, start, len, x[1]);
            stage(a, start, len, x[2]);
            stage(b, start, len, x[3]);
            stage(c, start, len, x[4]);
            kernel(x, len);
            unstage(w, start, len, x[0]);
            unstage(a, start, len, x[2]);
            unstage(b, start, len, x[3]);
            unstage(c, start, len, x[4]);
        }
    }

    private static void stage(Tensor t, int start, int len, real[] dst) {
        if (t != null) {
            ((FXXStorage) Tensors.storage(t)).data.get((int) t.offset() + start, dst, 0, len);
        }
    }

    private static void unstage(Tensor t, int start, int len, real[] src) {
        if (t != null) {
            ((FXXStorage) Tensors.storage(t)).data.put((int) t.offset() + start, src, 0, len);
        }
    }

    /** The chunk of an optional operand, or null when the step does not use it. */
    private static real[] optional(real[][] x, int i, Tensor t) {
        return t == null ? null : x[i];
    }

    private void kernel(real[][] x, int len) {
        real lr = (real) this.lr;
        real s = (real) this.s;
        if (spec instanceof SgdSpec p) {
            SgdKernelsXX.step(p, lr, s, x[0], 0, x[1], 0, optional(x, 2, a), 0, len);
        } else if (spec instanceof AdaGradSpec p) {
            AdaptiveKernelsXX.adagrad(p, lr, s, x[0], 0, x[1], 0, x[2], 0, len);
        } else if (spec instanceof AdaDeltaSpec p) {
            AdaptiveKernelsXX.adadelta(p, lr, s, x[0], 0, x[1], 0, x[2], 0, x[3], 0, len);
        } else if (spec instanceof RmsPropSpec p) {
            AdaptiveKernelsXX.rmsprop(p, lr, s, x[0], 0, x[1], 0, x[2], 0, optional(x, 3, b), 0, optional(x, 4, c), 0, len);
        } else if (spec instanceof AdamSpec p) {
            AdaptiveKernelsXX.adam(p, lr, (real) cg, (real) cm, (real) c2, s, x[0], 0, x[1], 0, x[2], 0, x[3], 0, len);
        } else {
            throw new IllegalStateException("unknown optimiser step " + spec);
        }
    }
}
