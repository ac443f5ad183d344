package dev.myelin.testkit;

import static org.assertj.core.api.Assertions.fail;

import dev.myelin.backend.Backend;
import dev.myelin.backend.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The state of one kit test: the backend under test, the tensors the test allocated (closed with the backend), and
 * the views handed out as operands with the sentinel-filled buffers around them.
 *
 * <p>Operands are alternately owning tensors and views at an offset inside a larger buffer whose other elements hold
 * {@link #SENTINEL}, which must survive every operation ({@link #assertBordersIntact}). Random inputs come from one
 * seeded generator, so every run draws the same numbers. One fixture per test instance; not thread-safe.
 */
public final class KitFixture {

    /** Value kept outside every view; an operation that touches it wrote outside its operand. */
    public static final double SENTINEL = 12345.0;

    private Backend backend;
    private final Random random = new Random(20261122);
    private final List<Tensor> owned = new ArrayList<>();
    private final Map<Tensor, Tensor> baseOfView = new IdentityHashMap<>();
    private final Map<Tensor, Integer> offsetOfView = new IdentityHashMap<>();
    private int operandCount;

    /** Starts a test on {@code backend}, which {@link #close()} closes. */
    void open(Backend backend) {
        this.backend = backend;
    }

    /** Closes every tensor the test allocated through the fixture, then the backend. */
    void close() {
        for (Tensor t : owned) {
            t.close();
        }
        owned.clear();
        baseOfView.clear();
        offsetOfView.clear();
        backend.close();
    }

    /** The backend under test. */
    Backend backend() {
        return backend;
    }

    /** The seeded generator of the test's inputs. */
    Random random() {
        return random;
    }

    /** Closes {@code t} with the backend at the end of the test. */
    void own(Tensor t) {
        owned.add(t);
    }

    /** A zero-filled owning tensor or, every other call, a zero-filled view inside a sentinel-filled buffer. */
    Tensor operand(int rows, int cols) {
        return operand(rows, cols, (operandCount++ & 1) == 1);
    }

    /** A zero-filled {@code [rows, cols]} operand: a view at an offset inside a sentinel-filled buffer, or owning. */
    Tensor operand(int rows, int cols, boolean asView) {
        return operand(rows, cols, asView, false);
    }

    /** As {@link #operand(int, int)} of {@link DType#INT32} (the sentinel is an integer, so it fits). */
    Tensor int32Operand(int rows, int cols) {
        return operand(rows, cols, (operandCount++ & 1) == 1, true);
    }

    private Tensor operand(int rows, int cols, boolean asView, boolean int32) {
        if (!asView) {
            Tensor t = int32 ? backend.allocateInt32(rows, cols) : backend.allocate(rows, cols);
            owned.add(t);
            return t;
        }
        int offset = 3 + random.nextInt(5);
        int size = rows * cols;
        Tensor base = int32 ? backend.allocateInt32(1, offset + size + 4) : backend.allocate(1, offset + size + 4);
        owned.add(base);
        backend.fill(base, SENTINEL);
        Tensor view = backend.view(base, offset, rows, cols);
        backend.fill(view, 0);
        baseOfView.put(view, base);
        offsetOfView.put(view, offset);
        return view;
    }

    /** The values {@code t} holds, downloaded as float64 (an INT32 tensor's downloaded as ints, then widened exactly). */
    double[] held(Tensor t) {
        return HeldValues.of(backend, t);
    }

    /** Fails naming {@code op} when an element of the buffer around a view operand is no longer the sentinel. */
    void assertBordersIntact(String op, Tensor... tensors) {
        for (Tensor t : tensors) {
            Tensor base = baseOfView.get(t);
            if (base == null) {
                continue;
            }
            int offset = offsetOfView.get(t);
            double[] all = held(base);
            for (int i = 0; i < all.length; i++) {
                if ((i < offset || i >= offset + t.size()) && all[i] != SENTINEL) {
                    fail(op + " wrote outside its operand " + t.shape() + " (view at offset " + offset
                            + "): element " + i + " of the base is " + all[i]);
                }
            }
        }
    }
}
