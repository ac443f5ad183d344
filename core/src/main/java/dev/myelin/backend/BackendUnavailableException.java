package dev.myelin.backend;

/**
 * A backend was asked for but cannot run here; the message says why and what to do.
 *
 * <p>Its fields are final; safe to share between threads once thrown.
 */
public class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
