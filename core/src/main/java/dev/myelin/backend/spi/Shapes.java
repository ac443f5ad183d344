package dev.myelin.backend.spi;

import dev.myelin.backend.Tensor;

/**
 * Shape agreements the per-operation validators share: equal shapes, equal sizes, vectors of a given length, at
 * least one element, no shared storage. Each throws {@link IllegalArgumentException} whose message starts with the
 * operation and gives the shapes.
 *
 * <p>Stateless; thread-safe.
 */
public final class Shapes {

    private Shapes() {
    }

    /** {@code "op: what, got [r, c] and [r, c]"}. */
    public static IllegalArgumentException shapeError(String op, String what, Tensor x, Tensor y) {
        return new IllegalArgumentException(op + ": " + what + ", got " + x.shape() + " and " + y.shape());
    }

    /** {@code x} and {@code y} have equal shapes. */
    public static void sameShape(String op, Tensor x, Tensor y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw shapeError(op, "shapes must be equal", x, y);
        }
    }

    /** As {@link #sameShape(String, Tensor, Tensor)}; the name {@code op(detail)} is only built on failure. */
    public static void sameShape(String op, Object detail, Tensor x, Tensor y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw shapeError(op + "(" + detail + ")", "shapes must be equal", x, y);
        }
    }

    /** {@code y} (role {@code b}) has the shape of {@code x} (role {@code a}). */
    public static void shapeOf(String op, String a, Tensor x, String b, Tensor y) {
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new IllegalArgumentException(op + ": " + b + " must have the shape of " + a + " " + x.shape() + ", got " + y.shape());
        }
    }

    /** {@code x} and {@code y} have as many elements (their shapes may differ). */
    public static void sameSize(String op, Tensor x, Tensor y) {
        if (x.size() != y.size()) {
            throw shapeError(op, "sizes must be equal", x, y);
        }
    }

    /** {@code t} (role {@code role}) has at least one element, e.g. a 1-element result. */
    public static void atLeastOne(String op, String role, Tensor t) {
        if (t.size() < 1) {
            throw new IllegalArgumentException(op + ": " + role + " needs at least one element, got " + t.shape());
        }
    }

    /** {@code v} (role {@code role}) has {@code n} elements, a per-feature vector {@code [1, n]}. */
    public static void vectorOf(String op, String role, Tensor v, int n) {
        if (v.size() != n) {
            throw new IllegalArgumentException(op + ": " + role + " must have " + n + " elements ([1, " + n + "]), got " + v.shape());
        }
    }

    /** Whether two non-empty tensors share at least one element of the same storage. */
    public static boolean overlap(Tensor x, Tensor y) {
        return Tensors.storage(x) == Tensors.storage(y) && x.size() > 0 && y.size() > 0
                && x.offset() < y.offset() + y.size() && y.offset() < x.offset() + x.size();
    }
}
