package dev.myelin.backend.spi;

import dev.myelin.backend.Backend;
import dev.myelin.backend.DType;
import dev.myelin.backend.Tensor;

/**
 * How a backend makes its tensors and reaches their storage: the {@link Tensor} constructor and its storage handle
 * are not public, so that only a backend (which sees this package) can wrap a handle in a tensor or unwrap it again.
 * A storage handle is the backend's own object (an off-heap buffer, a device allocation); offsets count elements.
 *
 * <p>Stateless; thread-safe (each tensor keeps its own rules: one thread at a time).
 */
public final class Tensors {
    /** The tensor internals, handed over once by {@link Tensor} against a {@link Key} only this class can make. */
    private static final Internals INTERNALS = Tensor.internals(new Key());

    private Tensors() {
    }

    /**
     * A new tensor {@code [rows, cols]} of {@code backend}'s compute type owning {@code storage} from element 0; closing
     * it releases the storage.
     */
    public static Tensor owner(Backend backend, Object storage, int rows, int cols) {
        return INTERNALS.create(backend, backend.dtype(), storage, 0, rows, cols, true);
    }

    /** As {@link #owner(Backend, Object, int, int)} for an INT32 tensor: its elements are {@link DType#INT32}. */
    public static Tensor indexOwner(Backend backend, Object storage, int rows, int cols) {
        return INTERNALS.create(backend, DType.INT32, storage, 0, rows, cols, true);
    }

    /**
     * A view {@code [rows, cols]} of {@code base}'s storage starting {@code offset} elements after {@code base}'s first
     * element, of {@code base}'s element type; closing it frees nothing. The caller (the backend's {@code view}) has
     * checked the range.
     */
    public static Tensor view(Tensor base, long offset, int rows, int cols) {
        return INTERNALS.create(base.backend(), base.dtype(), INTERNALS.storage(base), base.offset() + offset, rows, cols, false);
    }

    /** The backend's storage handle of {@code tensor}; throws {@link IllegalStateException} once the tensor is closed. */
    public static Object storage(Tensor tensor) {
        return INTERNALS.storage(tensor);
    }

    /** Proof of being {@link Tensors}, asked for by {@link Tensor#internals}: nobody else can make one. */
    public static final class Key {
        private Key() {
        }
    }

    /** What {@link Tensor} hands to {@link Tensors}: its constructor and its storage handle. */
    public interface Internals {
        /** The tensor constructor: {@code offset} counts elements from the start of {@code storage}. */
        Tensor create(Backend backend, DType dtype, Object storage, long offset, int rows, int cols, boolean owner);

        /** The storage handle of {@code tensor}, which must be open. */
        Object storage(Tensor tensor);
    }
}
