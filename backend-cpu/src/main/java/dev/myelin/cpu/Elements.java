package dev.myelin.cpu;

import dev.myelin.backend.Tensor;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A reusable window on a CPU tensor's elements, read as double and written rounded once to the tensor's
 * precision, for kernels that run over the worker pool and read the off-heap buffers where they are (no staged
 * copy). Re-aimed per call with {@link #at}, so a call allocates nothing. Not thread-safe to re-aim; reading
 * and writing disjoint elements from several threads is safe.
 */
final class Elements {
    private DoubleBuffer d;
    private FloatBuffer f;
    private int offset;

    /** Aims this window at element 0 of {@code t}; returns this. */
    Elements at(Tensor t) {
        Object s = t.storage();
        if (s instanceof F64Storage storage) {
            d = storage.data;
            f = null;
        } else {
            f = ((F32Storage) s).data;
            d = null;
        }
        offset = (int) t.offset();
        return this;
    }

    double get(int i) {
        return d != null ? d.get(offset + i) : f.get(offset + i);
    }

    void set(int i, double v) {
        if (d != null) {
            d.put(offset + i, v);
        } else {
            f.put(offset + i, (float) v);
        }
    }
}
