package dev.myelin.cpu;

import dev.myelin.backend.Tensor;
import dev.myelin.backend.spi.Tensors;

import java.nio.RealBuffer;

/**
 * A reusable window on a floatXX CPU tensor's elements, read and written in the tensor's own precision where they are
 * (no staged copy), for kernels that run over the worker pool, and staged in bulk into {@code real[]} arrays for the
 * array kernels of {@link ElementMathXX}. Re-aimed per call with {@link #at}, so a call allocates nothing. Not
 * thread-safe to re-aim; reading and writing disjoint elements from several threads is safe.
 */
final class ElementsXX {
    private RealBuffer data;
    private int offset;

    /** Aims this window at element 0 of {@code t}; returns this. */
    ElementsXX at(Tensor t) {
        data = ((FXXStorage) Tensors.storage(t)).data;
        offset = (int) t.offset();
        return this;
    }

    real get(int i) {
        return data.get(offset + i);
    }

    void set(int i, real v) {
        data.put(offset + i, v);
    }

    /** Copies elements {@code [start, start + n)} into {@code dst[0, n)}; returns {@code dst}. */
    real[] read(int start, real[] dst, int n) {
        data.get(offset + start, dst, 0, n);
        return dst;
    }

    /** Writes {@code src[0, n)} into elements {@code [start, start + n)}. */
    void write(int start, real[] src, int n) {
        data.put(offset + start, src, 0, n);
    }
}
