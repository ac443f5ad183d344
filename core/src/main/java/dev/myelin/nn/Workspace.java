package dev.myelin.nn;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Scratch tensors kept across passes: one buffer per {@link Slot}, sized for the largest batch seen, handing out
 * {@code [rows, cols]} views of its first rows. A training step therefore allocates nothing once its largest batch
 * has been seen (views of the last two row counts are kept, so an epoch's full and last partial batches allocate no
 * view objects either), and serving with varying batch sizes holds one buffer set, not one per batch size.
 *
 * <p>A view handed out stays valid until the same slot is asked for more rows than it has held so far (the buffer
 * then grows: the old one is freed). Buffers are allocated on first use, zero-filled; their contents are not kept
 * when they grow.
 *
 * <p>Not thread-safe: it holds scratch tensors of one backend, used by one thread at a time.
 */
public final class Workspace implements AutoCloseable {
    private final Backend backend;
    private final List<Slot> slots = new ArrayList<>();

    public Workspace(Backend backend) {
        this.backend = backend;
    }

    /** A new scratch tensor of {@code cols} columns whose row count each use chooses (a batch, or 1 for a row vector). */
    public Slot slot(int cols) {
        return slot(cols, false);
    }

    /** As {@link #slot(int)} for an INT32 tensor ({@link dev.myelin.backend.DType#INT32}, {@link Backend#allocateInt32}). */
    public Slot int32Slot(int cols) {
        return slot(cols, true);
    }

    private Slot slot(int cols, boolean int32) {
        if (cols < 0) {
            throw new IllegalArgumentException("a workspace slot needs cols >= 0, got " + cols);
        }
        Slot slot = new Slot(cols, int32);
        slots.add(slot);
        return slot;
    }

    /** Number of buffers allocated so far (at most one per slot). */
    public int bufferCount() {
        return (int) slots.stream().filter(s -> s.buffer != null).count();
    }

    /** Bytes held by the buffers: for each used slot, its largest row count × its columns × its element size. */
    public long bytes() {
        long bytes = 0;
        for (Slot s : slots) {
            bytes += s.buffer == null ? 0 : (long) s.buffer.size() * s.buffer.dtype().bytes();
        }
        return bytes;
    }

    @Override
    public void close() {
        slots.forEach(Slot::free);
    }

    /** One scratch tensor of a fixed column count; see {@link Workspace}. Not thread-safe. */
    public final class Slot {
        private final int cols;
        private final boolean indices;
        private Tensor buffer;
        /** The views of the last two row counts asked for: a training epoch's full and last partial batch. */
        private Tensor view;
        private Tensor previousView;

        private Slot(int cols, boolean indices) {
            this.cols = cols;
            this.indices = indices;
        }

        /** A {@code [rows, cols]} view of this slot's buffer, which grows to {@code rows} rows if it is smaller. */
        public Tensor rows(int rows) {
            if (view != null && view.rows() == rows) {
                return view;
            }
            if (previousView != null && previousView.rows() == rows) {
                Tensor swap = view;
                view = previousView;
                previousView = swap;
                return view;
            }
            if (buffer == null || buffer.rows() < rows) {
                free();
                buffer = indices ? backend.allocateInt32(rows, cols) : backend.allocate(rows, cols);
            }
            previousView = view;
            view = backend.view(buffer, 0, rows, cols);
            return view;
        }

        private void free() {
            if (buffer != null) {
                buffer.close();
                buffer = null;
            }
            view = null;
            previousView = null;
        }
    }
}
