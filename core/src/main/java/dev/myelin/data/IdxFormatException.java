package dev.myelin.data;

/**
 * An IDX file that is truncated, corrupt or not IDX at all; the message names the file and the fault.
 *
 * <p>Its fields are final; safe to share between threads once thrown.
 */
public final class IdxFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the file and what is wrong with it. */
    public IdxFormatException(String message) {
        super(message);
    }
}
