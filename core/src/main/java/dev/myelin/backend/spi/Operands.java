package dev.myelin.backend.spi;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;

import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The liveness check of a backend's operands, the first thing every operation validates: the backend is open, and each
 * tensor is present, belongs to this backend, is not closed, is not a view of a closed tensor and has the element
 * type the operation takes (the backend's compute type, or {@link DType#INT32} for an index operand). Each backend holds one,
 * made with the two facts only it knows (whether it is closed, whether a storage handle was released); the
 * per-operation validators ({@link MemoryChecks}, {@link BlasChecks}, {@link ActivationChecks}, {@link LossChecks},
 * {@link OptimiserChecks}, {@link LayerChecks}) take it as their first argument.
 *
 * <p>A closed backend or a closed tensor throws {@link IllegalStateException}; a missing tensor or one of another
 * backend throws {@link IllegalArgumentException}. Messages start with the operation and name the operand's role.
 * Holds no state of its own; thread-safe when the two suppliers are.
 */
public final class Operands {
    private final Backend owner;
    private final BooleanSupplier closed;
    private final Predicate<Object> released;

    /**
     * @param owner           the backend whose tensors are accepted
     * @param closed          whether {@code owner} has been closed
     * @param storageReleased whether a storage handle of {@code owner} ({@link Tensors#storage}) was released
     */
    public Operands(Backend owner, BooleanSupplier closed, Predicate<Object> storageReleased) {
        if (owner == null || closed == null || storageReleased == null) {
            throw new IllegalArgumentException("owner, closed and storageReleased must not be null");
        }
        this.owner = owner;
        this.closed = closed;
        this.released = storageReleased;
    }

    /** Throws when the backend is closed. */
    public void open(String op) {
        if (closed.getAsBoolean()) {
            throw new IllegalStateException(op + ": backend " + owner.name() + " is closed");
        }
    }

    /**
     * The backend is open and {@code t} (in role {@code role} of operation {@code op}) is a live tensor of it, of its
     * compute type {@link Backend#dtype()} (not INT32).
     */
    public void live(String op, String role, Tensor t) {
        alive(op, role, t);
        if (t.dtype() != owner.dtype()) {
            throw new IllegalArgumentException(op + ": " + role + " " + t + " is INT32; this operation takes "
                    + owner.dtype() + " tensors of " + owner.name());
        }
    }

    /** The backend is open and {@code t} is a live {@link DType#INT32} tensor of it ({@link Backend#allocateInt32}). */
    public void int32(String op, String role, Tensor t) {
        alive(op, role, t);
        if (t.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": " + role + " " + t + " must be an INT32 tensor (made by allocateInt32)");
        }
    }

    /** The backend is open and {@code t} is a live tensor of it, of either element type (views, reading one element). */
    public void liveOfAnyType(String op, String role, Tensor t) {
        alive(op, role, t);
    }

    private void alive(String op, String role, Tensor t) {
        open(op);
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + role + " is null");
        }
        if (t.backend() != owner) {
            throw new IllegalArgumentException(op + ": " + role + " " + t + " belongs to another backend ("
                    + t.backend().description() + "), not to this " + owner.name() + " backend");
        }
        if (t.isClosed()) {
            throw new IllegalStateException(op + ": " + role + " " + t.shape() + " was used after close()");
        }
        if (released.test(Tensors.storage(t))) {
            throw new IllegalStateException(op + ": " + role + " " + t.shape() + " is a view of a tensor that was closed");
        }
    }

    /** {@link #live(String, String, Tensor)} of two operands, in order. */
    public void live(String op, String role1, Tensor t1, String role2, Tensor t2) {
        live(op, role1, t1);
        live(op, role2, t2);
    }

    /** {@link #live(String, String, Tensor)} of three operands, in order. */
    public void live(String op, String role1, Tensor t1, String role2, Tensor t2, String role3, Tensor t3) {
        live(op, role1, t1);
        live(op, role2, t2);
        live(op, role3, t3);
    }

}
